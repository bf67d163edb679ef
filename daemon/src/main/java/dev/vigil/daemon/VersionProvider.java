package dev.vigil.daemon;

import picocli.CommandLine.IVersionProvider;

/** The version the shaded jar's manifest carries; classes run from a build directory have none. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"vigil " + (version == null ? "(development build)" : version)};
    }
}
