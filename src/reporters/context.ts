/** What a reporter may know about where its output goes. */
export interface ReporterContext {
  /** Use ANSI colours (only human-readable formats honour it). Default false. */
  color: boolean;
}
