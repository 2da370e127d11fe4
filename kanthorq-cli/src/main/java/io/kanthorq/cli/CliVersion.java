package io.kanthorq.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code kanthorq --version}: the version the build wrote into {@code version.properties}. */
final class CliVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = CliVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {"kanthorq " + properties.getProperty("version", "(unknown version)")};
    }
}
