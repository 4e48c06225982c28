package dev.baton.cli;

import dev.baton.api.CronTrigger;
import dev.baton.api.IntervalTrigger;
import dev.baton.api.TriggersSpec;
import dev.baton.api.Workflow;
import dev.baton.engine.Json;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Asks for the past fires of a time trigger in a range (spec.backfill); fires that already ran are not started again. */
@Command(name = "backfill", description = {"Start the fires of a time trigger in a past range that have not run (spec.backfill).",
        "The Workflow's status.backfill then says how many it started."})
final class BackfillCommand extends ClusterCommand {
    @Parameters(index = "0", paramLabel = "WORKFLOW")
    String workflow;

    @Option(names = "--from", required = true, paramLabel = "TIME", description = "First scheduled time, inclusive (RFC 3339, e.g. 2026-11-01T00:00:00Z).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "TIME", description = "Last scheduled time, inclusive (RFC 3339).")
    String to;

    @Option(names = "--trigger", paramLabel = "NAME", description = "The cron or interval trigger (default: the workflow's only one).")
    String trigger;

    @Override
    protected int run(Cluster cluster) {
        OffsetDateTime start = time("--from", from);
        OffsetDateTime end = time("--to", to);
        if (end.isBefore(start)) {
            throw UserError.usage("--to " + to + " is before --from " + from);
        }
        Workflow w = cluster.workflow(workflow);
        String chosen = chooseTrigger(workflow, trigger, timeTriggers(w.getSpec() == null ? null : w.getSpec().triggers));
        Map<String, Object> backfill = new LinkedHashMap<>();
        backfill.put("trigger", chosen);
        backfill.put("from", from);
        backfill.put("to", to);
        cluster.workflows().inNamespace(cluster.namespace()).withName(workflow)
                .patch(PatchContext.of(PatchType.JSON_MERGE), Json.write(Map.of("spec", Map.of("backfill", backfill))));
        out().println("workflow.baton.dev/" + workflow + " backfill of trigger " + chosen + " from " + from + " to " + to + " requested");
        return ExitCodes.OK;
    }

    /** The named time trigger, or the workflow's only one; a clear error otherwise. */
    static String chooseTrigger(String workflow, String trigger, List<String> names) {
        if (trigger != null) {
            if (!names.contains(trigger)) {
                throw UserError.of("workflow.baton.dev/" + workflow + " has no time trigger \"" + trigger + "\""
                        + (names.isEmpty() ? "" : " (it has " + String.join(", ", names) + ")"));
            }
            return trigger;
        }
        if (names.size() != 1) {
            throw UserError.usage(names.isEmpty() ? "workflow.baton.dev/" + workflow + " has no cron or interval trigger"
                    : "name the trigger with --trigger: " + String.join(", ", names));
        }
        return names.get(0);
    }

    static List<String> timeTriggers(TriggersSpec triggers) {
        List<String> out = new ArrayList<>();
        if (triggers != null) {
            for (CronTrigger c : triggers.cron == null ? List.<CronTrigger>of() : triggers.cron) {
                out.add(c.name);
            }
            for (IntervalTrigger i : triggers.interval == null ? List.<IntervalTrigger>of() : triggers.interval) {
                out.add(i.name);
            }
        }
        return out;
    }

    private static OffsetDateTime time(String option, String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw UserError.usage("bad " + option + " \"" + text + "\": expected an RFC 3339 time such as 2026-11-01T00:00:00Z");
        }
    }
}
