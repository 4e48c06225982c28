package dev.baton.cli;

import dev.baton.engine.model.Definition;
import dev.baton.engine.model.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * lint's report: every Workflow of the given files checked as the operator checks it, every error on its
 * own line as {@code FILE: workflow NAME: FIELD: MESSAGE} (the form editors and CI annotate), then a count.
 * Subworkflow cycles are looked for among the workflows given together.
 */
public final class Linter {
    private final WorkflowChecks checks = new WorkflowChecks();

    /** The lines to print, and how many errors and workflows they cover. */
    public record Report(List<String> lines, int errors, int workflows) {
    }

    public Report lint(List<WorkflowFiles.Read> files) {
        List<String> lines = new ArrayList<>();
        int errors = 0;
        List<WorkflowChecks.Checked> all = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (WorkflowFiles.Read file : files) {
            if (file.problem() != null) {
                lines.add(Printable.of(file.source()) + ": " + Printable.of(file.problem()));
                errors++;
                continue;
            }
            if (file.workflows().isEmpty()) {
                lines.add(Printable.of(file.source()) + ": no Workflow in this file");
            }
            for (WorkflowFiles.Doc doc : file.workflows()) {
                all.add(checks.check(doc.name(), doc.spec()));
                sources.add(doc.source());
            }
        }
        Map<String, Definition> byName = new LinkedHashMap<>();
        all.stream().filter(WorkflowChecks.Checked::valid).forEach(c -> byName.putIfAbsent(c.name(), c.definition()));
        for (int i = 0; i < all.size(); i++) {
            WorkflowChecks.Checked c = all.get(i);
            List<FieldError> found = new ArrayList<>(c.errors());
            found.addAll(WorkflowChecks.cycles(c, byName::get));
            String prefix = Printable.of(sources.get(i)) + ": workflow " + Printable.of(c.name()) + ": ";
            if (found.isEmpty()) {
                lines.add(prefix + "valid");
            }
            for (FieldError e : found) {
                lines.add(prefix + Printable.of(e.field()) + ": " + Printable.of(e.message()));
            }
            errors += found.size();
        }
        lines.add(errors == 0 ? all.size() + " workflow(s) valid"
                : errors + " error(s) in " + all.size() + " workflow(s)");
        return new Report(lines, errors, all.size());
    }
}
