-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Node" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "agentUrl" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "isDisabled" BOOLEAN NOT NULL DEFAULT false,
    "nextCtid" INTEGER NOT NULL DEFAULT 101,
    "publicKey" TEXT,
    "tlsFingerprint" TEXT,
    "joinTokenHash" TEXT,
    "joinTokenExpiresAt" DATETIME,
    "cpus" INTEGER,
    "memoryMb" INTEGER,
    "diskMb" INTEGER,
    "lxcVersion" TEXT,
    "agentVersion" TEXT,
    "agentKeyId" TEXT,
    "hostname" TEXT,
    "kernel" TEXT,
    "diskFreeMb" INTEGER,
    "checkpointError" TEXT,
    "lastSeenAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Node" ("agentKeyId", "agentUrl", "agentVersion", "checkpointError", "cpus", "createdAt", "diskFreeMb", "diskMb", "hostname", "id", "isDisabled", "joinTokenExpiresAt", "joinTokenHash", "kernel", "lastError", "lastSeenAt", "lxcVersion", "memoryMb", "name", "publicKey", "status", "tlsFingerprint", "updatedAt") SELECT "agentKeyId", "agentUrl", "agentVersion", "checkpointError", "cpus", "createdAt", "diskFreeMb", "diskMb", "hostname", "id", "isDisabled", "joinTokenExpiresAt", "joinTokenHash", "kernel", "lastError", "lastSeenAt", "lxcVersion", "memoryMb", "name", "publicKey", "status", "tlsFingerprint", "updatedAt" FROM "Node";
DROP TABLE "Node";
ALTER TABLE "new_Node" RENAME TO "Node";
CREATE UNIQUE INDEX "Node_name_key" ON "Node"("name");
CREATE UNIQUE INDEX "Node_joinTokenHash_key" ON "Node"("joinTokenHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
