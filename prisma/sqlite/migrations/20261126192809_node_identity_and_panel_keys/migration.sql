-- AlterTable
ALTER TABLE "Node" ADD COLUMN "agentKeyId" TEXT;
ALTER TABLE "Node" ADD COLUMN "checkpointError" TEXT;
ALTER TABLE "Node" ADD COLUMN "diskFreeMb" INTEGER;
ALTER TABLE "Node" ADD COLUMN "hostname" TEXT;
ALTER TABLE "Node" ADD COLUMN "kernel" TEXT;

-- CreateTable
CREATE TABLE "PanelKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "keyId" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "privateKeySealed" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "PanelKey_keyId_key" ON "PanelKey"("keyId");
