package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import java.net.InetAddress;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The immutable address list inside an {@link Advertisement}: the addresses plus their wire
 * form, packed once, so that encoding copies bytes instead of calling
 * {@link InetAddress#getAddress()} (which allocates a fresh array every call). Equal to any
 * {@link List} with the same addresses in the same order.
 */
final class AddressList extends AbstractList<InetAddress> implements RandomAccess {
    private final AddressFamily family;
    private final InetAddress[] addresses;
    private final byte[] wire;

    private AddressList(AddressFamily family, InetAddress[] addresses, byte[] wire) {
        this.family = family;
        this.addresses = addresses;
        this.wire = wire;
    }

    /**
     * Copies and validates {@code list} (see {@link Advertisement#validateAddresses}); an
     * AddressList of the same family is already both and is shared.
     */
    static AddressList copyOf(List<InetAddress> list, AddressFamily family) {
        if (list instanceof AddressList al && al.family == family) {
            return al;
        }
        InetAddress[] a = list.toArray(new InetAddress[0]);
        Advertisement.validateAddresses(family, a);
        int n = family.addressLength();
        byte[] wire = new byte[a.length * n];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i].getAddress(), 0, wire, i * n, n);
        }
        return new AddressList(family, a, wire);
    }

    /**
     * Wraps arrays the caller built, validated and will never touch again (the decoder):
     * {@code wire} must be the packed form of {@code addresses}.
     */
    static AddressList adopt(AddressFamily family, InetAddress[] addresses, byte[] wire) {
        return new AddressList(family, addresses, wire);
    }

    /** Copies the packed addresses into {@code out}; returns the number of bytes written. */
    int writeTo(byte[] out, int offset) {
        System.arraycopy(wire, 0, out, offset, wire.length);
        return wire.length;
    }

    @Override
    public InetAddress get(int index) {
        return addresses[index];
    }

    @Override
    public int size() {
        return addresses.length;
    }
}
