// UI text for migrating containers between nodes and evacuating a node (English).
export const migrationEn = {
  "migration.title": "Migrate to another node",
  "migration.intro":
    "Moves the container's files and config (hostname, addresses, limits) to another node; its addresses follow it.",
  "migration.target": "Target node",
  "migration.noTargets": "There is no other node.",
  "migration.problem.offline": "offline",
  "migration.problem.drained": "drained",
  "migration.problem.pool": "does not serve this container's address pool",
  "migration.mode": "Mode",
  "migration.mode.online":
    "Near-live: copy while running, freeze, copy the delta, start there (about a second of downtime; processes restart)",
  "migration.mode.offline": "Offline: stop, copy, start there",
  "migration.mode.live": "Live: checkpoint and restore with CRIU (processes keep running)",
  "migration.liveUnavailable": "Checkpointing is not supported on these nodes.",
  "migration.fallback": "If checkpointing is not possible, migrate near-live instead",
  "migration.renumber": "Give it a new CTID if its CTID is taken on the target",
  "migration.submit": "Migrate",
  "migration.queued": "Migration queued: follow it in the Tasks list below.",
  "migration.evacuate.title": "Evacuate node",
  "migration.evacuate.intro":
    "Drains this node and migrates its {count} container(s) one by one to the other nodes (each to the node with the most free memory that serves its address pool).",
  "migration.evacuate.onlyNode": "This is the only online node: there is nowhere to move its containers.",
  "migration.evacuate.empty": "This node has no containers.",
  "migration.evacuate.submit": "Evacuate",
  "migration.evacuate.confirm": "Migrate every container off {name}?",
  "migration.evacuate.queued": "Evacuation queued.",
  "migration.evacuate.running": "Evacuation in progress: {phase} ({progress}%)",
  "migration.evacuate.last": "Last evacuation:",
  "migration.evacuate.openTask": "Open its task",
} as const;
