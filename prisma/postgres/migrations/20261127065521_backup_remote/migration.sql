-- AlterTable
ALTER TABLE "Backup" ADD COLUMN     "remoteCopiedAt" TIMESTAMP(3),
ADD COLUMN     "remoteError" TEXT,
ADD COLUMN     "remoteKey" TEXT;

-- CreateTable
CREATE TABLE "BackupRemote" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "isEnabled" BOOLEAN NOT NULL DEFAULT true,
    "endpoint" TEXT NOT NULL,
    "region" TEXT NOT NULL DEFAULT 'us-east-1',
    "bucket" TEXT NOT NULL,
    "prefix" TEXT NOT NULL DEFAULT '',
    "accessKeyId" TEXT NOT NULL,
    "secretKeySealed" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BackupRemote_pkey" PRIMARY KEY ("id")
);
