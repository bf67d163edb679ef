package dev.vigil.daemon.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchingExecutorTest {
    private final List<Runnable> submitted = new ArrayList<>();

    @Test
    void holdsTasksUntilThePeriodEndsThenPassesThemAllInOrder() {
        try (BatchingExecutor batches = new BatchingExecutor(submitted::add, 3_600_000)) {
            List<String> ran = new ArrayList<>();
            batches.execute(() -> ran.add("a"));
            batches.execute(() -> ran.add("b"));
            assertThat(submitted).as("nothing before the tick").isEmpty();
            batches.release();
            submitted.forEach(Runnable::run);
            assertThat(ran).containsExactly("a", "b");
        }
    }

    @Test
    void closingPassesWhatIsHeldAndEverythingAfterStraightThrough() {
        BatchingExecutor batches = new BatchingExecutor(submitted::add, 3_600_000);
        batches.execute(() -> { });
        batches.close();
        assertThat(submitted).hasSize(1);
        batches.execute(() -> { });
        assertThat(submitted).hasSize(2);
    }

    @Test
    void theTickerReleasesOnItsOwn() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        try (BatchingExecutor batches = new BatchingExecutor(Runnable::run, 10)) {
            batches.execute(ran::countDown);
            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
