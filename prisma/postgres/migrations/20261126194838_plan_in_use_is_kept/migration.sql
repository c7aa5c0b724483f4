-- DropForeignKey
ALTER TABLE "Container" DROP CONSTRAINT "Container_planId_fkey";

-- AddForeignKey
ALTER TABLE "Container" ADD CONSTRAINT "Container_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
