// UI text for suspending tenants and containers, and the API page (English).
export const suspensionEn = {
  "suspension.title": "Suspension",
  "suspension.tenantActive":
    "Active. Suspend to stop its containers and refuse its customers' actions (they can still sign in and read).",
  "suspension.containerActive":
    "Active. Suspend to stop this container and refuse its customer's actions on it.",
  "suspension.tenantSuspended": "Suspended. Its customers see a notice; its containers are stopped.",
  "suspension.containerSuspended": "Suspended. It is stopped and its customer cannot act on it.",
  "suspension.reason": "Reason shown to the customer",
  "suspension.reasonHint": "Optional, e.g. invoice 1042 unpaid.",
  "suspension.suspend": "Suspend",
  "suspension.unsuspend": "Lift suspension",
  "suspension.done": "Done: {queued} task(s) queued.",
  "suspension.busy": "Busy with another task, stopped by the node poller shortly: {hosts}.",
  "suspension.reasonLabel": "Reason: {reason}",
  "apiDocs.title": "API",
  "apiDocs.subtitle":
    "The REST API for scripts and billing systems. Authenticate with an API token from your account page.",
  "apiDocs.openapi": "OpenAPI 3.1 document",
  "apiDocs.tokens": "Create an API token",
  "apiDocs.auth":
    "Send the token in a header: Authorization: Bearer berth_… Lists page with cursor and limit; errors are problem+json with a stable code; each token has a request budget (HTTP 429 with Retry-After when spent). POSTs that create or queue accept an Idempotency-Key header, so a retry does the work once.",
  "apiDocs.scope": "Scope: {scope}",
  "apiDocs.adminOnly": "Admins only",
  "apiDocs.parameters": "Parameters",
  "apiDocs.body": "Body",
  "apiDocs.response": "Response {status}",
  "apiDocs.example": "Example",
  "apiDocs.required": "required",
} as const;
