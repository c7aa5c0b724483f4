import type { migrationEn } from "./migration.en";

// 容器在节点间迁移、节点疏散的界面文字(简体中文)。
export const migrationZhCN: Record<keyof typeof migrationEn, string> = {
  "migration.title": "迁移到另一节点",
  "migration.intro": "把容器的文件与配置(主机名、地址、限额)搬到另一节点;其 IP 地址随之迁移。",
  "migration.target": "目标节点",
  "migration.noTargets": "没有其他节点。",
  "migration.problem.offline": "离线",
  "migration.problem.drained": "已停止接收",
  "migration.problem.pool": "不服务此容器的地址池",
  "migration.mode": "方式",
  "migration.mode.online": "准在线:运行中复制、冻结、复制增量、在目标启动(约一秒停机;进程会重启)",
  "migration.mode.offline": "脱机:停止、复制、在目标启动",
  "migration.mode.live": "即时:以 CRIU 检查点与恢复(进程不中断)",
  "migration.liveUnavailable": "这些节点不支持检查点。",
  "migration.fallback": "若无法建立检查点,改用准在线迁移",
  "migration.renumber": "若目标节点上该容器标识码已被占用,则分配新的标识码",
  "migration.submit": "迁移",
  "migration.queued": "迁移已排队:请在下方任务列表中查看进度。",
  "migration.evacuate.title": "疏散节点",
  "migration.evacuate.intro":
    "停止此节点接收新容器,并把它的 {count} 个容器逐一迁移到其他节点(各自迁往服务其地址池、空闲内存最多的节点)。",
  "migration.evacuate.onlyNode": "这是唯一在线的节点:没有地方可以迁移它的容器。",
  "migration.evacuate.empty": "此节点没有容器。",
  "migration.evacuate.submit": "疏散",
  "migration.evacuate.confirm": "把 {name} 上的全部容器迁走?",
  "migration.evacuate.queued": "疏散已排队。",
  "migration.evacuate.running": "正在疏散:{phase}({progress}%)",
  "migration.evacuate.last": "上次疏散:",
  "migration.evacuate.openTask": "查看任务",
};
