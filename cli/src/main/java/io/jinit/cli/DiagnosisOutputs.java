package io.jinit.cli;

import io.jinit.cli.report.ArchDiagnosis;
import io.jinit.cli.report.ArchJson;
import io.jinit.cli.report.ArchReport;
import io.jinit.cli.report.ArchText;
import io.jinit.cli.report.HtmlReport;
import io.jinit.cli.report.JsonReport;
import io.jinit.cli.report.Provenance;
import io.jinit.cli.report.SweepJson;
import io.jinit.cli.report.SweepReport;
import io.jinit.cli.report.SweepText;
import io.jinit.cli.report.TerminalReport;
import io.jinit.cli.report.TransformerJson;
import io.jinit.cli.report.TransformerReport;
import io.jinit.cli.report.TransformerRuns;
import io.jinit.cli.report.TransformerText;
import io.jinit.cli.report.WidthSweep;
import io.jinit.diagnosis.Diagnosis;
import io.jinit.formats.AtomicFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * What every mode of {@code jinit diagnose} writes: the table on standard output, then the report
 * directory and the JSON file, both or neither. The paths are checked by {@link Requested#check()}
 * before a mode computes anything, so that a run of minutes never ends in an output it cannot write.
 */
final class DiagnosisOutputs {
    /** The report directory, or null for none. */
    private final Path report;
    /** The JSON file, or null for none. */
    private final Path json;
    /** How the report was made, or null when there is no report. */
    private final Provenance provenance;
    /** Standard output. */
    private final PrintWriter out;

    private DiagnosisOutputs(Path report, Path json, Provenance provenance, PrintWriter out) {
        this.report = report;
        this.json = json;
        this.provenance = provenance;
        this.out = out;
    }

    /**
     * The outputs as the command line names them, not yet checked.
     *
     * @param report the report directory, or null for {@code --no-report}
     * @param json the JSON file, or null for none
     * @param data the input batch, which no output may replace, or null for none
     * @param arguments the command's arguments as typed, {@code diagnose} first, for the report
     * @param out standard output
     */
    record Requested(Path report, Path json, Path data, List<String> arguments, PrintWriter out) {
        /**
         * Checks every output before anything is computed or written: the report directory can be
         * replaced, the JSON file can be written, and neither is, holds or lies in the input or the
         * other.
         */
        DiagnosisOutputs check() {
            if (report != null && report.toString().isEmpty()) {
                throw new IllegalArgumentException("--report must name a directory: ''");
            }
            if (json != null && json.toString().isEmpty()) {
                throw new IllegalArgumentException("--json must name a file: ''");
            }
            if (json != null && json.toString().equals("-")) {
                throw new IllegalArgumentException("--json - would mix JSON into the terminal report on standard "
                        + "output; give a file name");
            }
            Path reportDir = report == null ? null : canonical(report);
            Path jsonFile = json == null ? null : canonical(json);
            Path dataFile = data == null ? null : canonical(data);
            if (reportDir != null) {
                try {
                    HtmlReport.checkTarget(report);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--report: " + e.getMessage(), e);
                } catch (IOException e) {
                    throw new IllegalArgumentException("--report cannot be read: " + report + " ("
                            + AtomicFile.reason(e) + ")", e);
                }
                if (dataFile != null && dataFile.startsWith(reportDir)) {
                    throw new IllegalArgumentException("--report must not hold the --data input (the report "
                            + "directory is replaced): " + report);
                }
            }
            if (jsonFile != null) {
                if (jsonFile.getParent() == null) {
                    throw new IllegalArgumentException("--json must name a file: " + json);
                }
                if (reportDir != null && (jsonFile.startsWith(reportDir) || reportDir.startsWith(jsonFile))) {
                    throw new IllegalArgumentException("--json must not lie in --report (the report directory is "
                            + "replaced): " + json);
                }
                if (Files.isDirectory(jsonFile)) {
                    throw new IllegalArgumentException("--json is a directory, not a file: " + json);
                }
                if (!Files.isDirectory(jsonFile.getParent())) {
                    throw new IllegalArgumentException("--json cannot be written: " + json
                            + " (its directory does not exist)");
                }
                if (!Files.isWritable(jsonFile.getParent())
                        || Files.exists(jsonFile) && !Files.isWritable(jsonFile)) {
                    throw new IllegalArgumentException("--json cannot be written: " + json + " ("
                            + (readOnly(jsonFile.getParent()) ? "Read-only file system" : "Permission denied") + ")");
                }
                if (jsonFile.equals(dataFile) || sameFile(json, data)) {
                    throw new IllegalArgumentException("--json must not be the --data input: " + json);
                }
                // The JSON replaces the file by a rename: a device or FIFO (or a link to one) would be
                // replaced by a regular file, not written to.
                if (Files.exists(jsonFile) && !Files.isRegularFile(jsonFile)) {
                    throw new IllegalArgumentException("--json is not a regular file (a device or a pipe): " + json);
                }
                AtomicFile.checkDestination(json, "--json");
            }
            return new DiagnosisOutputs(report, json, report == null ? null : provenance(), out);
        }

        /** The command line as typed, the jinit version and the report's day, for the page. */
        private Provenance provenance() {
            List<String> words = new ArrayList<>(List.of("jinit"));
            words.addAll(arguments);
            try {
                return new Provenance(Provenance.commandLine(words), JinitCommand.version(),
                        reportDate(System.getenv("SOURCE_DATE_EPOCH")));
            } catch (IOException e) {
                throw new IllegalStateException("the jar's version cannot be read: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The day a report names: today in UTC, or the day of {@code SOURCE_DATE_EPOCH} (seconds since
     * 1970-01-01 UTC, the reproducible-builds convention) when it is set, so that a report made again
     * later can be the same byte for byte.
     */
    static LocalDate reportDate(String sourceDateEpoch) {
        if (sourceDateEpoch == null) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.ofInstant(Instant.ofEpochSecond(Long.parseLong(sourceDateEpoch.strip())), ZoneOffset.UTC);
        } catch (NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 "
                    + "UTC: " + sourceDateEpoch, e);
        }
    }

    /** Whether two existing paths are one file (a hard link, say); false if either is absent. */
    private static boolean sameFile(Path a, Path b) {
        try {
            return b != null && Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean readOnly(Path directory) {
        try {
            return Files.getFileStore(directory).isReadOnly();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The path with its existing part resolved to the real file (links followed), so that two
     * names of one file compare equal.
     */
    private static Path canonical(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }

    /** Builds a report in its hidden directory. */
    @FunctionalInterface
    private interface Stager {
        HtmlReport.Staged stage() throws IOException;
    }

    /** Writes the JSON file. */
    @FunctionalInterface
    private interface JsonWriter {
        void write(Path file) throws IOException;
    }

    /** The MLP diagnosis's table, report and JSON; the report's charts are drawn on {@code executor}. */
    void write(Diagnosis diagnosis, Executor executor, int threads) {
        write(text -> new TerminalReport(false).write(diagnosis, report == null ? null : report.toString(), text),
                () -> HtmlReport.prepare(diagnosis, report, executor, threads, provenance),
                file -> JsonReport.write(diagnosis, file));
    }

    /** The transformer diagnosis's table, report and JSON. */
    void write(TransformerRuns runs) {
        write(text -> TransformerText.write(runs, text), () -> TransformerReport.prepare(runs, report, provenance),
                file -> TransformerJson.write(runs, file));
    }

    /** The ResNet diagnosis's table, report and JSON. */
    void write(ArchDiagnosis arch) {
        write(text -> ArchText.write(arch, text), () -> ArchReport.prepare(arch, report, provenance),
                file -> ArchJson.write(arch, file));
    }

    /** A width sweep's table, report and JSON, the MLP's or a transformer stack's. */
    void write(WidthSweep sweep) {
        write(text -> SweepText.write(sweep, text), () -> SweepReport.prepare(sweep, report, provenance),
                file -> SweepJson.write(sweep, file));
    }

    /**
     * Prints the table, then writes both files or neither: the report is built in a hidden
     * directory, then the JSON is written atomically, and only then is the report renamed into
     * place, so that a failure of either (no space, a name too long, ...) leaves the previous report
     * and JSON as they were.
     */
    private void write(Consumer<PrintWriter> table, Stager stager, JsonWriter jsonWriter) {
        table.accept(out);
        // A terminal report that was lost (a full device, a closed pipe) fails the run: the files
        // are then not written, rather than written beside an error.
        if (out.checkError()) {
            throw new IllegalArgumentException("standard output cannot be written (closed pipe or full device): "
                    + "the output is incomplete");
        }
        HtmlReport.Staged staged = null;
        try {
            if (report != null) {
                staged = stage(stager);
            }
            if (json != null) {
                try {
                    jsonWriter.write(json);
                } catch (IOException e) {
                    throw new IllegalArgumentException("--json cannot be written: " + json + " ("
                            + AtomicFile.reason(e) + ")", e);
                }
            }
            if (staged != null) {
                Path index;
                try {
                    index = staged.commit();
                } catch (IOException e) {
                    throw new IllegalArgumentException("--report cannot be written: " + report + " ("
                            + AtomicFile.reason(e) + ")", e);
                }
                out.println();
                out.println("Report: " + index.toAbsolutePath());
            }
            if (json != null) {
                out.println("JSON: " + json.toAbsolutePath());
            }
        } finally {
            if (staged != null) {
                try {
                    staged.close();
                } catch (IOException e) {
                    // The hidden directory could not be deleted; the outputs are as they were.
                }
            }
        }
        out.flush();
    }

    private HtmlReport.Staged stage(Stager stager) {
        try {
            return stager.stage();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--report: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("--report cannot be written: " + report + " ("
                    + AtomicFile.reason(e) + ")", e);
        }
    }
}
