package io.contextbus.servicebus.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

import io.contextbus.topology.Topology;

/**
 * Benchmark of the local broker driven by the official SDK: batched send rate (1 KB messages),
 * session receive+complete rate with 16 concurrent sessions, send-to-receive latency. Prints
 * figures; asserts nothing. See the module README for the command.
 */
public final class LocalServiceBusBenchmark {

    private static final String TOPOLOGY = """
            {"UserConfig": {"Namespaces": [{"Name": "sbemulatorns",
              "Queues": [
                {"Name": "bench.latency", "Properties": {"LockDuration": "PT1M"}},
                {"Name": "bench.sessions", "Properties": {"LockDuration": "PT1M", "RequiresSession": true}}],
              "Topics": [{"Name": "bench.events", "Properties": {"RequiresDuplicateDetection": true,
                  "DuplicateDetectionHistoryTimeWindow": "PT10M"},
                "Subscriptions": [{"Name": "consumer", "Properties": {"RequiresSession": true,
                  "LockDuration": "PT1M"}, "Rules": [{"Name": "replay-target", "Properties": {"FilterType": "Sql",
                  "SqlFilter": {"SqlExpression": "cb_replay_target IS NULL OR cb_replay_target = 'consumer'"}}}]}]}]}],
             "Logging": {"Type": "File"}}}
            """;
    private static final byte[] PAYLOAD = new byte[1024];
    private static final String TOPIC = "bench.events";
    private static final String SUBSCRIPTION = TOPIC + "/subscriptions/consumer";

    private LocalServiceBusBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sendTotal = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int sessionTotal = args.length > 1 ? Integer.parseInt(args[1]) : 32_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Arrays.fill(PAYLOAD, (byte) 'x');
        try (LocalServiceBus bus = LocalServiceBus.builder().topology(Topology.parse(TOPOLOGY)).start()) {
            String cs = bus.connectionString();
            System.out.printf("cores=%d java=%s rounds=%d (after %d warm-up rounds)%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), rounds, 2);
            List<Double> send = new ArrayList<>();
            for (int round = -2; round < rounds; round++) {
                double rate = batchedSend(cs, sendTotal, "r" + round);
                bus.purge(SUBSCRIPTION);
                if (round >= 0) {
                    send.add(rate);
                }
            }
            report("batched send (" + sendTotal + " x 1 KB per round, 4 senders, dedupe on, 1 SQL-filtered "
                    + "session subscription)", send);
            List<Double> receive = new ArrayList<>();
            for (int round = -1; round < rounds; round++) {
                double rate = sessionReceive(cs, sessionTotal, "q" + round);
                bus.purge(SUBSCRIPTION);
                if (round >= 0) {
                    receive.add(rate);
                }
            }
            report("session receive+complete (" + sessionTotal + " per round, 16 sessions, 16 concurrent, "
                    + "prefetch 100)", receive);
            latency(cs, 2_000);
        }
    }

    private static void report(String what, List<Double> rates) {
        List<Double> sorted = new ArrayList<>(rates);
        sorted.sort(null);
        System.out.printf("%s: median %.0f msg/s, best %.0f msg/s, rounds %s%n", what, sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1), rates.stream().map(r -> String.format("%.0f", r)).toList());
    }

    private static double batchedSend(String cs, int total, String tag) throws InterruptedException {
        long start = System.nanoTime();
        sendBatches(cs, TOPIC, total, 4, tag);
        double seconds = (System.nanoTime() - start) / 1e9;
        return total / seconds;
    }

    /** Sends {@code total} 1 KB messages in full batches from {@code senders} threads, 16 sessions. */
    private static void sendBatches(String cs, String topic, int total, int senders, String tag)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        for (int s = 0; s < senders; s++) {
            Thread thread = new Thread(() -> {
                try (ServiceBusSenderClient sender = client(cs).sender().topicName(topic).buildClient()) {
                    ServiceBusMessageBatch batch = sender.createMessageBatch();
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        ServiceBusMessage message = new ServiceBusMessage(PAYLOAD)
                                .setMessageId(tag + ":" + i).setSessionId("s" + (i % 16));
                        if (!batch.tryAddMessage(message)) {
                            sender.sendMessages(batch);
                            batch = sender.createMessageBatch();
                            batch.tryAddMessage(message);
                        }
                    }
                    if (batch.getCount() > 0) {
                        sender.sendMessages(batch);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static double sessionReceive(String cs, int total, String tag) throws InterruptedException {
        sendBatches(cs, TOPIC, total, 4, tag);
        CountDownLatch done = new CountDownLatch(total);
        ServiceBusProcessorClient processor = client(cs).sessionProcessor().topicName(TOPIC)
                .subscriptionName("consumer").maxConcurrentSessions(16).prefetchCount(100)
                .sessionIdleTimeout(Duration.ofSeconds(5))
                .processMessage(context -> done.countDown())
                .processError(error -> {
                })
                .buildProcessorClient();
        long start = System.nanoTime();
        processor.start();
        done.await(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        processor.close();
        return (total - done.getCount()) / seconds;
    }

    /** Paced sends (one every 2 ms) so the figure is transit time, not queueing behind a backlog. */
    private static void latency(String cs, int count) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(count);
        ServiceBusProcessorClient processor = client(cs).processor().queueName("bench.latency")
                .processMessage(context -> {
                    long sent = (Long) context.getMessage().getApplicationProperties().get("sentNanos");
                    latencies.add(System.nanoTime() - sent);
                    done.countDown();
                })
                .processError(error -> {
                })
                .buildProcessorClient();
        processor.start();
        try (ServiceBusSenderClient sender = client(cs).sender().queueName("bench.latency").buildClient()) {
            for (int i = 0; i < count; i++) {
                ServiceBusMessage message = new ServiceBusMessage(PAYLOAD);
                message.getApplicationProperties().put("sentNanos", System.nanoTime());
                sender.sendMessage(message);
                Thread.sleep(2);
            }
        }
        done.await(2, TimeUnit.MINUTES);
        processor.close();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("send-to-receive latency (%d sends, 1 KB, one every 2 ms, sync sender -> processor): "
                + "p50 %.2f ms, p99 %.2f ms%n", sorted.length, sorted[sorted.length / 2] / 1e6,
                sorted[(int) (sorted.length * 0.99)] / 1e6);
    }

    private static ServiceBusClientBuilder client(String cs) {
        return new ServiceBusClientBuilder().connectionString(cs);
    }
}
