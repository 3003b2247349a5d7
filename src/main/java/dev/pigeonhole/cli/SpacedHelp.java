package dev.pigeonhole.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * picocli's help, with an option's value written after a space ({@code -t USER}, {@code --port PORT}) as
 * the man pages, README and most tools write it, instead of picocli's {@code --port=PORT}. Only the display
 * changes: the parser still takes both {@code --port 1} and {@code --port=1}.
 */
final class SpacedHelp extends Help {
    /** Joins an option to its value while picocli wraps lines, so {@code -t USER} never breaks in two. */
    private static final String UNBROKEN = "\u00a0";

    SpacedHelp(CommandSpec command, ColorScheme colors) {
        super(command, colors);
    }

    /**
     * Creates the help when one is shown. A class of its own, not {@code SpacedHelp::new}: a constructor
     * reference loads picocli's large Help class at every start, and most runs show no help.
     */
    static final class Factory implements CommandLine.IHelpFactory {
        @Override
        public Help create(CommandSpec command, ColorScheme colors) {
            return new SpacedHelp(command, colors);
        }
    }

    @Override
    public String synopsis(int synopsisHeadingLength) {
        return super.synopsis(synopsisHeadingLength).replace(UNBROKEN, " ");
    }

    @Override
    public String optionList() {
        return super.optionList().replace(UNBROKEN, " ");
    }

    @Override
    public IParamLabelRenderer parameterLabelRenderer() {
        return spaced(super.parameterLabelRenderer());
    }

    @Override
    public IParamLabelRenderer createDefaultParamLabelRenderer() {
        return spaced(super.createDefaultParamLabelRenderer());
    }

    private static IParamLabelRenderer spaced(IParamLabelRenderer picocli) {
        return new IParamLabelRenderer() {
            @Override
            public Ansi.Text renderParameterLabel(ArgSpec arg, Ansi ansi, List<Ansi.IStyle> styles) {
                Ansi.Text label = picocli.renderParameterLabel(arg, ansi, styles);
                String separator = picocli.separator();
                return label.plainString().startsWith(separator)
                        ? ansi.new Text(UNBROKEN).concat(label.substring(separator.length()))
                        : label;
            }

            @Override
            public String separator() {
                return " ";
            }
        };
    }
}
