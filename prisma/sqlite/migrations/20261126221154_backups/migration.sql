-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN "maxBackupMb" INTEGER;
ALTER TABLE "Tenant" ADD COLUMN "maxBackups" INTEGER;

-- CreateTable
CREATE TABLE "Backup" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "Backup_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Backup_containerId_fkey" FOREIGN KEY ("containerId") REFERENCES "Container" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Backup_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BackupSchedule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tenantId" TEXT NOT NULL,
    "containerId" TEXT,
    "mode" TEXT NOT NULL DEFAULT 'snapshot',
    "hourUtc" INTEGER NOT NULL DEFAULT 3,
    "keepDaily" INTEGER NOT NULL DEFAULT 7,
    "keepWeekly" INTEGER NOT NULL DEFAULT 4,
    "isEnabled" BOOLEAN NOT NULL DEFAULT true,
    "lastRunAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BackupSchedule_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "BackupSchedule_containerId_fkey" FOREIGN KEY ("containerId") REFERENCES "Container" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Backup_tenantId_createdAt_idx" ON "Backup"("tenantId", "createdAt");

-- CreateIndex
CREATE INDEX "Backup_containerId_createdAt_idx" ON "Backup"("containerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Backup_nodeId_archive_key" ON "Backup"("nodeId", "archive");

-- CreateIndex
CREATE INDEX "BackupSchedule_tenantId_idx" ON "BackupSchedule"("tenantId");
