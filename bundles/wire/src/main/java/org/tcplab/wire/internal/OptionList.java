package org.tcplab.wire.internal;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.tcplab.wire.TcpOption;

/**
 * The unmodifiable option list a {@link org.tcplab.wire.TcpRepr} holds: an array no one else can reach, and the
 * bytes the options occupy, worked out once (a TCP value asks for its header length on every emit).
 *
 * <p>It behaves as {@link List#of}'s lists do: every mutator throws {@link UnsupportedOperationException}, null
 * elements are refused, {@code contains(null)} throws {@link NullPointerException}; {@code equals},
 * {@code hashCode} and {@code toString} follow the {@link List} contract, so it equals any list with the same
 * options. The parser builds one over its exact-size array without the copy {@code List.of(array)} makes, and
 * {@code TcpRepr} keeps it as it is instead of copying it again.
 */
public final class OptionList extends AbstractList<TcpOption> implements RandomAccess {

    /** The empty list. */
    public static final OptionList EMPTY = new OptionList(new TcpOption[0], 0);

    private final TcpOption[] options;
    private final int byteLength;

    private OptionList(TcpOption[] options, int byteLength) {
        this.options = options;
        this.byteLength = byteLength;
    }

    /** {@code options} as an option list: itself when it is one, else a null-checked copy. */
    public static OptionList of(List<TcpOption> options) {
        if (options instanceof OptionList l) {
            return l;
        }
        Object[] a = options.toArray();
        if (a.length == 0) {
            return EMPTY;
        }
        TcpOption[] copy = new TcpOption[a.length];
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            TcpOption o = (TcpOption) Objects.requireNonNull(a[i], "option");
            copy[i] = o;
            n += o.length();
        }
        return new OptionList(copy, n);
    }

    /**
     * A list over {@code options}, which the caller gives up (nothing else may hold or change the array), holding
     * {@code byteLength} bytes of options; for the parser, which knows both.
     */
    public static OptionList trusted(TcpOption[] options, int byteLength) {
        return options.length == 0 ? EMPTY : new OptionList(options, byteLength);
    }

    /** The bytes these options occupy when emitted, without padding to a multiple of 4. */
    public int byteLength() {
        return byteLength;
    }

    @Override
    public TcpOption get(int index) {
        return options[Objects.checkIndex(index, options.length)];
    }

    @Override
    public int size() {
        return options.length;
    }

    @Override
    public Object[] toArray() {
        return Arrays.copyOf(options, options.length, Object[].class);
    }

    @Override
    public int indexOf(Object o) {
        Objects.requireNonNull(o);
        for (int i = 0; i < options.length; i++) {
            if (o.equals(options[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int lastIndexOf(Object o) {
        Objects.requireNonNull(o);
        for (int i = options.length - 1; i >= 0; i--) {
            if (o.equals(options[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean contains(Object o) {
        return indexOf(o) >= 0;
    }

    @Override
    public Iterator<TcpOption> iterator() {
        return new It(0);
    }

    @Override
    public ListIterator<TcpOption> listIterator() {
        return new It(0);
    }

    @Override
    public ListIterator<TcpOption> listIterator(int index) {
        Objects.checkIndex(index, options.length + 1);
        return new It(index);
    }

    /** A read-only cursor: remove, set and add throw, as the iterators of List.of's lists do. */
    private final class It implements ListIterator<TcpOption> {
        private int next;

        It(int next) {
            this.next = next;
        }

        @Override
        public boolean hasNext() {
            return next < options.length;
        }

        @Override
        public TcpOption next() {
            if (next >= options.length) {
                throw new NoSuchElementException();
            }
            return options[next++];
        }

        @Override
        public boolean hasPrevious() {
            return next > 0;
        }

        @Override
        public TcpOption previous() {
            if (next <= 0) {
                throw new NoSuchElementException();
            }
            return options[--next];
        }

        @Override
        public int nextIndex() {
            return next;
        }

        @Override
        public int previousIndex() {
            return next - 1;
        }

        @Override
        public void remove() {
            throw uoe();
        }

        @Override
        public void set(TcpOption e) {
            throw uoe();
        }

        @Override
        public void add(TcpOption e) {
            throw uoe();
        }
    }

    // Unmodifiable as List.of's lists are: every mutator throws, even when it would change nothing.

    @Override
    public boolean add(TcpOption e) {
        throw uoe();
    }

    @Override
    public void add(int index, TcpOption e) {
        throw uoe();
    }

    @Override
    public boolean addAll(Collection<? extends TcpOption> c) {
        throw uoe();
    }

    @Override
    public boolean addAll(int index, Collection<? extends TcpOption> c) {
        throw uoe();
    }

    @Override
    public TcpOption set(int index, TcpOption e) {
        throw uoe();
    }

    @Override
    public TcpOption remove(int index) {
        throw uoe();
    }

    @Override
    public boolean remove(Object o) {
        throw uoe();
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        throw uoe();
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        throw uoe();
    }

    @Override
    public boolean removeIf(Predicate<? super TcpOption> filter) {
        throw uoe();
    }

    @Override
    public void replaceAll(UnaryOperator<TcpOption> operator) {
        throw uoe();
    }

    @Override
    public void sort(Comparator<? super TcpOption> c) {
        throw uoe();
    }

    @Override
    public void clear() {
        throw uoe();
    }

    @Override
    protected void removeRange(int fromIndex, int toIndex) {
        throw uoe();
    }

    private static UnsupportedOperationException uoe() {
        return new UnsupportedOperationException("the options of a TcpRepr cannot be changed");
    }
}
