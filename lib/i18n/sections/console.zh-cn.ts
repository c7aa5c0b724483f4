import type { consoleEn } from "./console.en";

// 浏览器控制台的界面文字(简体中文)。
export const consoleZhCN: Record<keyof typeof consoleEn, string> = {
  "console.title": "控制台",
  "console.terminal": "终端",
  "console.connecting": "正在连接…",
  "console.connected": "已连接",
  "console.ended": "会话已结束。",
  "console.lost": "连接已断开。请重新连接。",
  "console.reconnecting": "连接断开,正在重新连接…",
  "console.reconnect": "重新连接",
  "console.popOut": "在新窗口中打开",
  "console.stopped": "容器未运行。请先启动容器再打开控制台。",
  "console.open": "控制台",
  "console.renderer": "渲染方式",
  "console.rendererAuto": "自动",
  "console.rendererAutoDom": "此处没有可供 WebGL 使用的 GPU,改用 DOM 绘制。",
  "console.rendererWebgl": "WebGL",
  "console.rendererDom": "DOM",
  "console.rendererFallback": "此处无法使用 WebGL,改用 DOM 绘制。",
  "console.screenReaderMode": "屏幕阅读器模式",
  "console.clipboardHint": "复制:选中后按 Ctrl+Shift+C · 粘贴:Ctrl+Shift+V",
};
