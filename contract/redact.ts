/**
 * The redacted form of a key, as ngrok.ai shows it: the first 10 and last 4 characters with `***`
 * between (`sk-proj-ab***wxyz`). A key too short to keep 8 hidden characters shows only its last 4
 * (`***wxyz`), and a very short one shows nothing of itself.
 */
export function redactKey(value: string): string {
  if (value.length >= 22) return `${value.slice(0, 10)}***${value.slice(-4)}`;
  if (value.length >= 12) return `***${value.slice(-4)}`;
  return "***";
}
