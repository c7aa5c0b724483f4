-- AlterTable
ALTER TABLE "Node" ADD COLUMN     "agentKeyId" TEXT,
ADD COLUMN     "checkpointError" TEXT,
ADD COLUMN     "diskFreeMb" INTEGER,
ADD COLUMN     "hostname" TEXT,
ADD COLUMN     "kernel" TEXT;

-- CreateTable
CREATE TABLE "PanelKey" (
    "id" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "privateKeySealed" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "PanelKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PanelKey_keyId_key" ON "PanelKey"("keyId");
