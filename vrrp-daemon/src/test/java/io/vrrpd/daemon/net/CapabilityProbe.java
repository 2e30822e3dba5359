package io.vrrpd.daemon.net;

/** Run in a child JVM without CAP_NET_RAW: prints what opening a channel reports. */
public final class CapabilityProbe {
    private CapabilityProbe() {
    }

    public static void main(String[] args) {
        try {
            PacketInterface info = new PacketInterface(args[0], new byte[] {2, 0, 0, 0, 0, 1}, null, null);
            try (PacketChannel ch = PacketChannel.open(info, PacketChannel.Options.defaults(), advert -> { })) {
                System.out.println("OPENED");
            }
        } catch (PacketIoException e) {
            System.out.println("PacketIoException: " + e.getMessage());
        }
    }
}
