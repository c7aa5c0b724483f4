-- AlterTable
ALTER TABLE "Backup" ADD COLUMN "remoteCopiedAt" DATETIME;
ALTER TABLE "Backup" ADD COLUMN "remoteError" TEXT;
ALTER TABLE "Backup" ADD COLUMN "remoteKey" TEXT;

-- CreateTable
CREATE TABLE "BackupRemote" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'default',
    "isEnabled" BOOLEAN NOT NULL DEFAULT true,
    "endpoint" TEXT NOT NULL,
    "region" TEXT NOT NULL DEFAULT 'us-east-1',
    "bucket" TEXT NOT NULL,
    "prefix" TEXT NOT NULL DEFAULT '',
    "accessKeyId" TEXT NOT NULL,
    "secretKeySealed" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
