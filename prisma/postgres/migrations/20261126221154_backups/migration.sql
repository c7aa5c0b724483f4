-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "maxBackupMb" INTEGER,
ADD COLUMN     "maxBackups" INTEGER;

-- CreateTable
CREATE TABLE "Backup" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "containerId" TEXT,
    "tenantId" TEXT NOT NULL,
    "veid" INTEGER NOT NULL,
    "hostname" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "isScheduled" BOOLEAN NOT NULL DEFAULT false,
    "archive" TEXT,
    "sizeBytes" BIGINT,
    "durationMs" INTEGER,
    "downtimeMs" INTEGER,
    "sha256" TEXT,
    "error" TEXT,
    "taskId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Backup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackupSchedule" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "containerId" TEXT,
    "mode" TEXT NOT NULL DEFAULT 'snapshot',
    "hourUtc" INTEGER NOT NULL DEFAULT 3,
    "keepDaily" INTEGER NOT NULL DEFAULT 7,
    "keepWeekly" INTEGER NOT NULL DEFAULT 4,
    "isEnabled" BOOLEAN NOT NULL DEFAULT true,
    "lastRunAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BackupSchedule_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Backup_tenantId_createdAt_idx" ON "Backup"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Backup_containerId_createdAt_idx" ON "Backup"("containerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Backup_nodeId_archive_key" ON "Backup"("nodeId", "archive");

-- CreateIndex
CREATE INDEX "BackupSchedule_tenantId_idx" ON "BackupSchedule"("tenantId");

-- AddForeignKey
ALTER TABLE "Backup" ADD CONSTRAINT "Backup_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Backup" ADD CONSTRAINT "Backup_containerId_fkey" FOREIGN KEY ("containerId") REFERENCES "Container"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Backup" ADD CONSTRAINT "Backup_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackupSchedule" ADD CONSTRAINT "BackupSchedule_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BackupSchedule" ADD CONSTRAINT "BackupSchedule_containerId_fkey" FOREIGN KEY ("containerId") REFERENCES "Container"("id") ON DELETE CASCADE ON UPDATE CASCADE;
