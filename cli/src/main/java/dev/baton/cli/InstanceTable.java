package dev.baton.cli;

import dev.baton.api.WorkflowInstance;
import dev.baton.api.WorkflowInstanceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Instances as kubectl's table: NAME WORKFLOW PHASE PROGRESS AGE DURATION, with NAMESPACE first across namespaces. */
final class InstanceTable {
    private InstanceTable() {
    }

    static String render(List<WorkflowInstance> instances, boolean namespaces, Style style, Instant now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(namespaces ? new String[]{"NAMESPACE", "NAME", "WORKFLOW", "PHASE", "PROGRESS", "AGE", "DURATION"}
                : new String[]{"NAME", "WORKFLOW", "PHASE", "PROGRESS", "AGE", "DURATION"});
        List<String> phases = new ArrayList<>();
        phases.add(null);
        for (WorkflowInstance i : instances) {
            WorkflowInstanceStatus s = i.getStatus();
            String phase = s == null || s.phase == null ? "" : s.phase.name();
            String age = i.getMetadata().getCreationTimestamp() == null ? ""
                    : Ages.format(Duration.between(Instant.parse(i.getMetadata().getCreationTimestamp()), now));
            List<String> row = new ArrayList<>();
            if (namespaces) {
                row.add(i.getMetadata().getNamespace());
            }
            row.add(i.getMetadata().getName());
            row.add(i.getSpec() == null || i.getSpec().workflowRef == null ? "" : i.getSpec().workflowRef.name);
            row.add(phase);
            row.add(s == null || s.progress == null ? "" : s.progress);
            row.add(age);
            row.add(s == null || s.duration == null ? "" : s.duration);
            rows.add(row.stream().map(Printable::of).toArray(String[]::new));
            phases.add(phase);
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        int phaseColumn = namespaces ? 3 : 2;
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++) {
                String cell = c == phaseColumn && r > 0 && !row[c].isEmpty() ? style.phase(row[c]) : row[c];
                line.append(cell);
                if (c < row.length - 1) {
                    line.append(" ".repeat(widths[c] - row[c].length() + 3));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
