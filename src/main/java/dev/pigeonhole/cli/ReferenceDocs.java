package dev.pigeonhole.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes the reference that ships with the program, from the command model itself, at build time:
 * {@code man/man1/pigeonhole*.1} (one page per command) and {@code bash-completion/pigeonhole}
 * (picocli's {@link AutoComplete}). Run by the build as {@code ReferenceDocs OUTPUT_DIR VERSION}.
 */
public final class ReferenceDocs {
    private ReferenceDocs() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ReferenceDocs OUTPUT_DIR VERSION");
            System.exit(ExitCode.USAGE);
        }
        write(Path.of(args[0]), args[1]); // silent on success, like the rest of a quiet build
    }

    /** Writes every page and the completion script under {@code out}; returns the files written. */
    static List<Path> write(Path out, String version) throws IOException {
        CommandLine root = model();
        List<Path> written = new ArrayList<>();
        Path man1 = Files.createDirectories(out.resolve("man/man1"));
        for (CommandSpec spec : commands(root.getCommandSpec())) {
            ManPage page = new ManPage(spec, "pigeonhole " + version);
            // Plain roff; the build compresses them as Debian wants (gzip -9n), and man -l reads either.
            Path file = man1.resolve(page.fileName());
            Files.writeString(file, page.render(), StandardCharsets.UTF_8);
            written.add(file);
        }
        Path completion =
                Files.createDirectories(out.resolve("bash-completion")).resolve("pigeonhole");
        // The file is sourced, never run: no "#!" line (Debian's lintian flags one).
        String script = AutoComplete.bash("pigeonhole", root);
        if (script.startsWith("#!")) {
            script = script.substring(script.indexOf('\n') + 1);
        }
        Files.writeString(completion, script, StandardCharsets.UTF_8);
        written.add(completion);
        return written;
    }

    /**
     * The full command line, as {@code --help} shows it, but independent of the machine that builds it: no
     * environment, and the two defaults that --help computes for the machine it runs on named generically.
     */
    static CommandLine model() {
        CommandLine root = Main.commandLine(new ByteArrayInputStream(new byte[0]), Map.of());
        // Set after the model exists: ServerCommand's static initializer sets them for --help.
        System.setProperty("pigeonhole.default.data.dir", "your state directory");
        System.setProperty("pigeonhole.default.pool.size", "half the machine's processors");
        return root;
    }

    /** The root and every subcommand but {@code help}, each once, in the order --help lists them. */
    static List<CommandSpec> commands(CommandSpec root) {
        List<CommandSpec> commands = new ArrayList<>();
        commands.add(root);
        for (CommandLine sub : root.subcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand) && !commands.contains(sub.getCommandSpec())) {
                commands.add(sub.getCommandSpec());
            }
        }
        return commands;
    }
}
