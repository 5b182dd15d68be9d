package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code dpn} command: {@code train}, {@code evaluate} and {@code compare} (see {@code ./dpn help}).
 *
 * <p>Exit codes: {@value #EXIT_OK} success, {@value #EXIT_ERROR} error (message on standard error),
 * {@value #EXIT_USAGE} invalid command line (an unknown option, a malformed or invalid value),
 * {@value #EXIT_DIVERGED} training diverged (the last good model is on disk).
 */
@Command(name = "dpn", mixinStandardHelpOptions = true, version = "dpn4j 0.1.0-SNAPSHOT",
        subcommands = {TrainCommand.class, EvaluateCommand.class, CompareCommand.class, AnalyzeCommand.class,
                RobustifyCommand.class,
                InsertCommand.class,
                CommandLine.HelpCommand.class},
        description = {"Denoising Potential Network examples on noisy MNIST (DL4J).", "",
                "  ./dpn train --config cnn-dpn      train, evaluate, write runs/cnn-dpn/",
                "  ./dpn compare                     cnn vs cnn-dpn side by side",
                "  ./dpn evaluate --model runs/cnn-dpn/model.zip",
                "  ./dpn analyze --model runs/seed/model.zip   pictures and separation per layer",
                "  ./dpn insert --model runs/cnn     add a DPN to a trained cnn, fine-tune, compare", ""})
public final class Dpn implements Runnable {

    /** Exit code of success: {@value}. */
    public static final int EXIT_OK = 0;
    /** Exit code of an error: {@value}. */
    public static final int EXIT_ERROR = 1;
    /** Exit code of an invalid command line, picocli's own and {@link InvalidOptionException}: {@value}. */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    /** Exit code when training diverged: {@value}. */
    public static final int EXIT_DIVERGED = 3;
    /** System property with the command name shown in reports (the launcher's path): {@value}. */
    public static final String COMMAND_PROPERTY = "dpn.command";

    private static final Pattern PLAIN_ARGUMENT = Pattern.compile("[A-Za-z0-9_./:,=+@%-]+");

    @Spec
    CommandSpec spec;

    /** Entry point of the {@code dpn} launcher. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /**
     * The configured command line: run it with {@code execute(args)}; set its out and err writers to capture the
     * output.
     *
     * @return a new command line
     */
    public static CommandLine newCommandLine() {
        System.setProperty("java.awt.headless", "true");
        CommandLine cl = new CommandLine(new Dpn());
        cl.setExecutionExceptionHandler(Dpn::handle);
        return cl;
    }

    @Override
    public void run() {
        List<String> commands = spec.subcommands().keySet().stream().filter(c -> !c.equals("help")).toList();
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: one of "
                + String.join(", ", commands) + " (./dpn help COMMAND for its options)");
    }

    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        int code;
        if (e instanceof InvalidOptionException) {
            err.println("dpn: " + e.getMessage() + " (./dpn help " + cl.getCommandName() + " lists the options)");
            code = EXIT_USAGE;
        } else if (e instanceof TrainingDivergedException) {
            err.println("dpn: " + e.getMessage());
            code = EXIT_DIVERGED;
        } else if (e instanceof NoSuchFileException nsf) {
            err.println("dpn: " + (nsf.getReason() == null ? "no such file" : nsf.getReason()) + ": " + nsf.getFile());
            code = EXIT_ERROR;
        } else if (e instanceof FileSystemException fse) {
            err.println("dpn: " + describe(fse));
            code = EXIT_ERROR;
        } else if (e instanceof IllegalArgumentException || e instanceof IOException
                || e instanceof UncheckedIOException) {
            err.println("dpn: " + e.getMessage());
            code = EXIT_ERROR;
        } else {
            err.println("dpn: unexpected error: " + e);
            e.printStackTrace(err);
            code = EXIT_ERROR;
        }
        err.flush();
        return code;
    }

    /**
     * @param e a file system error, whose own message is often the bare path
     * @return e.g. {@code permission denied: runs/cnn/.dpn.lock}
     */
    static String describe(FileSystemException e) {
        String what = e.getReason() != null ? e.getReason()
                : e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileAlreadyExistsException ? "already exists (a file where a directory is needed?)"
                : e instanceof NotDirectoryException ? "not a directory"
                : e instanceof DirectoryNotEmptyException ? "directory not empty"
                : "cannot access";
        return what + ": " + e.getFile() + (e.getOtherFile() == null ? "" : " -> " + e.getOtherFile());
    }

    /**
     * @param spec a (sub)command's spec
     * @return the command line as typed, e.g. {@code ./dpn train --config cnn-dpn}, arguments quoted where needed
     */
    static String invocation(CommandSpec spec) {
        List<String> args = spec.root().commandLine().getParseResult().originalArgs();
        String command = System.getProperty(COMMAND_PROPERTY, "./dpn");
        if (args.isEmpty()) {
            return command;
        }
        return command + " " + args.stream().map(a -> PLAIN_ARGUMENT.matcher(a).matches() ? a
                : "'" + a.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }
}
