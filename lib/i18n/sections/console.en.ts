// UI text for the browser console (English).
export const consoleEn = {
  "console.title": "Console",
  "console.terminal": "Terminal",
  "console.connecting": "Connecting…",
  "console.connected": "Connected",
  "console.ended": "The session ended.",
  "console.lost": "The connection was lost. Reconnect to try again.",
  "console.reconnecting": "Connection lost; reconnecting…",
  "console.reconnect": "Reconnect",
  "console.popOut": "Open in a new window",
  "console.stopped": "The container is not running. Start it to open its console.",
  "console.open": "Console",
  "console.renderer": "Renderer",
  "console.rendererWebgl": "WebGL",
  "console.rendererDom": "DOM",
  "console.rendererFallback": "WebGL is not available here; drawing with DOM.",
  "console.screenReaderMode": "Screen reader mode",
} as const;
