/**
 * The simulated network: tcplab hosts on one {@link org.tcplab.api.host.VirtualClock}, attached through
 * {@link org.tcplab.link.sim.SimPort}s to a {@link org.tcplab.link.sim.SimNetwork} that routes whole IPv4
 * datagrams by destination address.
 *
 * <p><b>Time</b>: nothing sleeps and no thread is started. The network keeps one event queue (datagram
 * arrivals and scripted actions); {@link org.tcplab.link.sim.SimNetwork#step()} jumps the clock to the earliest
 * of the next event and every host's {@code pollAt()}, handles everything due then, and returns. All hosts are
 * polled from the caller's thread, as {@link org.tcplab.api.host.Host} asks for virtual clocks.
 *
 * <p><b>Determinism</b>: every random choice (loss, jitter, duplication, reordering, which byte to corrupt)
 * comes from a generator per direction seeded from the network's seed and the two host names, and events at the
 * same instant run in the order they were scheduled. Same seed, same script: the same datagrams at the same
 * nanoseconds, byte for byte.
 *
 * <p><b>Impairments</b> are per direction ({@link org.tcplab.link.sim.SimPath}, "from A to B"): delay, jitter,
 * loss, duplication, reordering, corruption (one byte flipped after the IPv4 header so the transport checksum
 * fails), MTU, filters that drop or reject chosen datagrams a given number of times, and cuts (partitions). A
 * host can crash and come back ({@link org.tcplab.link.sim.SimNetwork#crash}).
 *
 * <p><b>Observation</b>: every datagram that enters the network, every arrival and every loss is reported to
 * {@link org.tcplab.link.sim.WireListener}s as a {@link org.tcplab.link.sim.WireEvent} with the datagram's bytes
 * and a packet number, so ladders and capture files can be drawn from it.
 */
@Export
@Version("1.0.0")
package org.tcplab.link.sim;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
