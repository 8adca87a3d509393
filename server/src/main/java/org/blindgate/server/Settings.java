package org.blindgate.server;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.blindgate.gateway.config.GatewayConfig;
import org.blindgate.vault.VaultConfig;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The launch settings, layered: flag &gt; environment variable &gt; config file &gt; default.
 *
 * <p>The environment comes in as a map, so tests need not touch the real one. Values from the
 * environment and the config file go through the same picocli converters as flags (they are
 * handed to picocli as the options' defaults), so a port is an int and a duration a duration
 * wherever it came from; an error names the variable or file the bad value came from.
 */
public final class Settings {

    private static final String CONFIG = "config";
    private static final String PROGRAM = "blindgate-server";

    private final CommandLine commandLine;
    private final ServerOptions options;

    private Settings(CommandLine commandLine, ServerOptions options) {
        this.commandLine = commandLine;
        this.options = options;
    }

    /**
     * Reads {@code args}, then {@code env}, then the config file named by {@code --config} or
     * {@code BLINDGATE_CONFIG}.
     *
     * @throws SettingsException with one sentence naming what to fix
     */
    public static Settings parse(String[] args, Map<String, String> env) {
        // First pass, flags alone: we need --config before the file can take part in the second.
        ServerOptions flagsOnly = new ServerOptions();
        CommandLine first = commandLine(flagsOnly);
        parseArgs(first, args, null);
        if (first.isUsageHelpRequested() || first.isVersionHelpRequested()) {
            return new Settings(first, flagsOnly);
        }
        Path configFile = flagsOnly.config;
        if (configFile == null && nonBlank(env.get(envName(CONFIG))) != null) {
            configFile = Path.of(env.get(envName(CONFIG)).trim());
        }
        Set<String> keys = settingKeys(first);
        Properties file = configFile == null ? new Properties() : readConfigFile(configFile, keys);

        ServerOptions merged = new ServerOptions();
        CommandLine second = commandLine(merged);
        Layers layers = new Layers(env, file, configFile);
        second.setDefaultValueProvider(layers);
        parseArgs(second, args, layers);

        Set<String> explicit = new HashSet<>(layers.sources.keySet());
        for (OptionSpec o : second.getParseResult().matchedOptions()) {
            explicit.add(key(o));
        }
        merged.explicitlySet = Set.copyOf(explicit);
        return new Settings(second, merged);
    }

    /** Whether {@code --help} was given; then nothing else was read. */
    public boolean helpRequested() {
        return commandLine.isUsageHelpRequested();
    }

    /** Whether {@code --version} was given; then nothing else was read. */
    public boolean versionRequested() {
        return commandLine.isVersionHelpRequested();
    }

    /** Prints the help: every flag with its default and environment variable. */
    public static void printHelp(PrintStream out) {
        // A fresh command line with interpolation on, so ${DEFAULT-VALUE} shows the built-in defaults.
        new CommandLine(new ServerOptions()).setCaseInsensitiveEnumValuesAllowed(true).usage(out);
    }

    /** Prints {@code blindgate-server <version>}. */
    public static void printVersion(PrintStream out) {
        new CommandLine(new ServerOptions()).printVersionHelp(out);
    }

    /** The options after layering, for the server's own use (listen line, future roles). */
    ServerOptions options() {
        return options;
    }

    /**
     * The gateway's configuration.
     *
     * @throws SettingsException when the records refuse a value (a port out of range, a TLS
     *                           certificate without a key, ...)
     */
    public GatewayConfig gatewayConfig() {
        try {
            return options.toGatewayConfig();
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    /**
     * The vault's configuration.
     *
     * @param gatewayPort the port of this process's gateway (the actual one once it listens), for
     *                    the vault's default JWKS URL
     * @throws SettingsException when the records refuse a value, or {@code --role vault} has no
     *                           {@code --issuer-jwks-url}
     */
    public VaultConfig vaultConfig(int gatewayPort) {
        try {
            return options.toVaultConfig(gatewayPort);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage());
        }
    }

    private static CommandLine commandLine(ServerOptions options) {
        CommandLine cmd = new CommandLine(options);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        // Values may be passwords: "@x" must not be read as an argument file, and "${x}" in a
        // value from the environment or the file must stay as written.
        cmd.setExpandAtFiles(false);
        cmd.setInterpolateVariables(false);
        return cmd;
    }

    private static void parseArgs(CommandLine cmd, String[] args, Layers layers) {
        try {
            cmd.parseArgs(args);
        } catch (ParameterException e) {
            String from = null;
            if (layers != null && e.getArgSpec() instanceof OptionSpec o) {
                boolean onCommandLine = cmd.getParseResult() != null && cmd.getParseResult().hasMatchedOption(o);
                from = onCommandLine ? null : layers.sources.get(key(o));
            }
            throw new SettingsException(from == null ? e.getMessage() : e.getMessage() + " (from " + from + ")");
        }
    }

    /** The config-file keys: every option's long name without dashes, except help, version and config. */
    private static Set<String> settingKeys(CommandLine cmd) {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec o : cmd.getCommandSpec().options()) {
            if (isSetting(o) && !CONFIG.equals(key(o))) {
                keys.add(key(o));
            }
        }
        return keys;
    }

    private static boolean isSetting(OptionSpec o) {
        return !o.usageHelp() && !o.versionHelp();
    }

    static String key(OptionSpec o) {
        return o.longestName().replaceFirst("^--", "");
    }

    /** {@code gateway-port} → {@code BLINDGATE_GATEWAY_PORT}. */
    static String envName(String key) {
        return ServerOptions.ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Every environment variable the server reads, in help order. */
    static List<String> envNames() {
        return commandLine(new ServerOptions()).getCommandSpec().options().stream()
                .filter(Settings::isSetting)
                .map(o -> envName(key(o)))
                .toList();
    }

    private static Properties readConfigFile(Path file, Set<String> keys) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new SettingsException("config file " + file + " is not a readable file");
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException("cannot read config file " + file + ": " + e.getMessage());
        }
        for (String key : new TreeSet<>(props.stringPropertyNames())) {
            if (!keys.contains(key)) {
                throw new SettingsException("config file " + file + " has an unknown key '" + key
                        + "' (keys are flag names without dashes, e.g. gateway-port)");
            }
        }
        return props;
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /**
     * Supplies each option's value from the environment, else the config file, else nothing
     * (picocli then takes the built-in default); flags given on the command line override it.
     * Remembers where each value came from, for error messages.
     */
    private static final class Layers implements IDefaultValueProvider {
        final Map<String, String> env;
        final Properties file;
        final Path filePath;
        final Map<String, String> sources = new HashMap<>();

        Layers(Map<String, String> env, Properties file, Path filePath) {
            this.env = env;
            this.file = file;
            this.filePath = filePath;
        }

        @Override
        public String defaultValue(ArgSpec arg) {
            if (!(arg instanceof OptionSpec o) || !isSetting(o)) {
                return null;
            }
            String key = key(o);
            String value = nonBlank(env.get(envName(key)));
            if (value != null) {
                sources.put(key, "environment variable " + envName(key));
                return value;
            }
            value = CONFIG.equals(key) ? null : nonBlank(file.getProperty(key));
            if (value != null) {
                sources.put(key, "key " + key + " of config file " + filePath);
                return value;
            }
            return null;
        }
    }

    /** A setting that cannot be used; its message is one sentence naming what to fix. */
    public static final class SettingsException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SettingsException(String message) {
            super(message, null, false, false);
        }
    }

    static String program() {
        return PROGRAM;
    }
}
