package dev.pigeonhole.protocol;

/**
 * A client-to-server command line (P5-P9), parsed and valid. The message line that follows a
 * {@link Compose} is not a command: it is read in the state the COMPOSE leaves behind.
 */
public sealed interface Command permits Command.Login, Command.Compose, Command.Read, Command.Exit {

    /** The shared READ command. */
    Read READ = new Read();
    /** The shared EXIT command. */
    Exit EXIT = new Exit();

    /** The line that carries this command, without the LF. */
    String line();

    /** P5: {@code LOGIN <username>}. */
    record Login(String user) implements Command {
        public Login {
            Validation.requireUsername("user name", user);
        }

        @Override
        public String line() {
            return "LOGIN " + user;
        }
    }

    /** P7: {@code COMPOSE <username>}; the message line follows. */
    record Compose(String recipient) implements Command {
        public Compose {
            Validation.requireUsername("recipient", recipient);
        }

        @Override
        public String line() {
            return "COMPOSE " + recipient;
        }
    }

    /** P8: {@code READ}. */
    record Read() implements Command {
        @Override
        public String line() {
            return "READ";
        }
    }

    /** P9: {@code EXIT}. */
    record Exit() implements Command {
        @Override
        public String line() {
            return "EXIT";
        }
    }
}
