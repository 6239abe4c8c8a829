package io.headshots.systemtests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.headshots.contracts.JobEvent;

/**
 * The event-side proof that a task was done once. Every terminal event of a task must announce the
 * same stored result: a redelivered task whose result exists announces it again (its worker may
 * have died before announcing it), so identical repeats are allowed; a second run of the task would
 * announce a different result (another finish time), and a failure next to a success is a second
 * outcome.
 */
public final class DoneOnce {
    private DoneOnce() {
    }

    public static void assertSucceededOnce(List<JobEvent> events, String jobId) {
        List<JobEvent> terminal = events.stream()
                .filter(e -> e.type() != JobEvent.Type.TASK_STARTED && e.type() != JobEvent.Type.TASK_PROGRESS)
                .toList();
        assertThat(terminal).as("terminal events of job %s", jobId).isNotEmpty()
                .allMatch(e -> e.type() == JobEvent.Type.TASK_SUCCEEDED);
        assertThat(terminal.stream().distinct()).as("distinct terminal events of job %s: %s", jobId, terminal)
                .hasSize(1);
    }

    /**
     * {@link #assertSucceededOnce} for a job of several tasks (a headshot job has one per output):
     * every task of {@code taskIds}, and no other, has terminal events, all {@code task_succeeded},
     * and all of one task identical.
     */
    public static void assertEachTaskSucceededOnce(List<JobEvent> events, String jobId, Collection<String> taskIds) {
        Map<String, List<JobEvent>> terminalByTask = events.stream()
                .filter(e -> e.type() != JobEvent.Type.TASK_STARTED && e.type() != JobEvent.Type.TASK_PROGRESS)
                .collect(Collectors.groupingBy(JobEvent::taskId));
        assertThat(terminalByTask.keySet()).as("tasks of job %s with a terminal event", jobId)
                .containsExactlyInAnyOrderElementsOf(taskIds);
        terminalByTask.forEach((taskId, terminal) -> {
            assertThat(terminal).as("terminal events of task %s of job %s", taskId, jobId)
                    .allMatch(e -> e.type() == JobEvent.Type.TASK_SUCCEEDED);
            assertThat(terminal.stream().distinct())
                    .as("distinct terminal events of task %s of job %s: %s", taskId, jobId, terminal).hasSize(1);
        });
    }
}
