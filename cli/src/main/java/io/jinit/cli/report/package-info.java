/**
 * The report of {@code jinit diagnose}: a layer-by-layer table for the terminal
 * ({@link io.jinit.cli.report.TerminalReport}), PNG charts ({@link io.jinit.cli.report.ChartRenderer}),
 * a self-contained HTML page that shows them ({@link io.jinit.cli.report.HtmlReport}) and the same
 * figures as JSON ({@link io.jinit.cli.report.JsonReport}). Each renders a
 * {@link io.jinit.diagnosis.Diagnosis} and nothing else; none of them computes a figure.
 */
package io.jinit.cli.report;
