-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Container" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nodeId" TEXT NOT NULL,
    "veid" INTEGER NOT NULL,
    "tenantId" TEXT NOT NULL,
    "planId" TEXT,
    "templateId" TEXT,
    "hostname" TEXT NOT NULL,
    "name" TEXT,
    "description" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'CREATING',
    "isSuspended" BOOLEAN NOT NULL DEFAULT false,
    "ramMb" INTEGER NOT NULL,
    "swapMb" INTEGER NOT NULL DEFAULT 0,
    "numproc" INTEGER,
    "cpuunits" INTEGER NOT NULL DEFAULT 1000,
    "cpulimit" INTEGER,
    "cpus" INTEGER,
    "diskspaceMb" INTEGER NOT NULL,
    "diskspaceLimitMb" INTEGER NOT NULL,
    "diskinodes" INTEGER,
    "diskinodesLimit" INTEGER,
    "numpty" INTEGER,
    "numfile" INTEGER,
    "bandwidthMbit" INTEGER,
    "nameservers" TEXT NOT NULL DEFAULT '',
    "searchdomain" TEXT NOT NULL DEFAULT '',
    "onboot" BOOLEAN NOT NULL DEFAULT true,
    "hasDrift" BOOLEAN NOT NULL DEFAULT false,
    "lastSyncedAt" DATETIME,
    "startedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Container_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Container_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Container_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Container_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "OsTemplate" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Container" ("bandwidthMbit", "cpulimit", "cpus", "cpuunits", "createdAt", "description", "diskinodes", "diskinodesLimit", "diskspaceLimitMb", "diskspaceMb", "hasDrift", "hostname", "id", "isSuspended", "lastSyncedAt", "name", "nameservers", "nodeId", "numfile", "numproc", "numpty", "onboot", "planId", "ramMb", "searchdomain", "startedAt", "status", "swapMb", "templateId", "tenantId", "updatedAt", "veid") SELECT "bandwidthMbit", "cpulimit", "cpus", "cpuunits", "createdAt", "description", "diskinodes", "diskinodesLimit", "diskspaceLimitMb", "diskspaceMb", "hasDrift", "hostname", "id", "isSuspended", "lastSyncedAt", "name", "nameservers", "nodeId", "numfile", "numproc", "numpty", "onboot", "planId", "ramMb", "searchdomain", "startedAt", "status", "swapMb", "templateId", "tenantId", "updatedAt", "veid" FROM "Container";
DROP TABLE "Container";
ALTER TABLE "new_Container" RENAME TO "Container";
CREATE INDEX "Container_tenantId_idx" ON "Container"("tenantId");
CREATE INDEX "Container_status_idx" ON "Container"("status");
CREATE UNIQUE INDEX "Container_nodeId_veid_key" ON "Container"("nodeId", "veid");
CREATE UNIQUE INDEX "Container_tenantId_hostname_key" ON "Container"("tenantId", "hostname");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
