import type { suspensionEn } from "./suspension.en";

// 暂停租户与容器、API 页面的界面文字(简体中文)。
export const suspensionZhCN: Record<keyof typeof suspensionEn, string> = {
  "suspension.title": "暂停",
  "suspension.tenantActive": "正常。暂停后将停止其全部容器并拒绝其客户的操作(客户仍可登录查看)。",
  "suspension.containerActive": "正常。暂停后将停止此容器并拒绝其客户对它的操作。",
  "suspension.tenantSuspended": "已暂停。其客户会看到通知;其容器已停止。",
  "suspension.containerSuspended": "已暂停。容器已停止,客户无法操作。",
  "suspension.reason": "向客户显示的原因",
  "suspension.reasonHint": "可选,例如:发票 1042 未付。",
  "suspension.suspend": "暂停",
  "suspension.unsuspend": "解除暂停",
  "suspension.done": "完成:已排队 {queued} 个任务。",
  "suspension.busy": "以下容器正忙于其他任务,稍后由节点轮询停止:{hosts}。",
  "suspension.reasonLabel": "原因:{reason}",
  "apiDocs.title": "API",
  "apiDocs.subtitle": "供脚本和计费系统使用的 REST API。使用账户页面中创建的 API 令牌认证。",
  "apiDocs.openapi": "OpenAPI 3.1 文档",
  "apiDocs.tokens": "创建 API 令牌",
  "apiDocs.auth":
    "在请求头中发送令牌:Authorization: Bearer berth_… 列表用 cursor 和 limit 分页;错误为带稳定 code 的 problem+json;每个令牌有请求额度(用尽时返回 HTTP 429 和 Retry-After)。创建或排队的 POST 接受 Idempotency-Key 请求头,重试只执行一次。",
  "apiDocs.scope": "权限范围:{scope}",
  "apiDocs.adminOnly": "仅管理员",
  "apiDocs.parameters": "参数",
  "apiDocs.body": "请求体",
  "apiDocs.response": "响应 {status}",
  "apiDocs.example": "示例",
  "apiDocs.required": "必填",
};
