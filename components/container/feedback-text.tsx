import type { Feedback } from "./use-action-runner";

/** An action's outcome: an alert when refused, a status otherwise (tests and screen readers wait on it). */
export function FeedbackText({ feedback }: { feedback: Feedback | null }) {
  if (!feedback) return null;
  return (
    <p
      role={feedback.isError ? "alert" : "status"}
      className={`text-sm ${feedback.isError ? "text-rose-600 dark:text-rose-400" : "text-slate-700 dark:text-slate-300"}`}
    >
      {feedback.text}
    </p>
  );
}
