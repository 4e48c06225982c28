package dev.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.api.WorkflowInstance;
import dev.baton.engine.model.InstancePhase;
import dev.baton.engine.model.StepPhase;
import dev.baton.it.realnode.RealNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web console in a real browser (headless Chromium) against the operator under test, which serves it in
 * kubernetes mode: each test signs in with the token of a ServiceAccount whose Role says what it may do.
 */
@ExtendWith(BatonCluster.class)
class ConsoleIT {
    private static final Duration END = Duration.ofSeconds(120);
    private static final int CONSOLES = 100;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private ConsoleBrowser browser;

    @BeforeEach
    void browser(TestNamespace ns) {
        Assumptions.assumeTrue(ConsoleBrowser.installed(), "no chromium/chromedriver: run controller-tests/browser/install.sh (as .ci/run does)");
        browser = new ConsoleBrowser(ns.operator().port(), ns.file("."));
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    private static String sleeper(String name) {
        return """
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: NAME}
                spec:
                  steps:
                    - {name: wait, sleep: {duration: 300s}}
                    - {name: after, dependsOn: [wait], noop: {}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: NAME-1}
                spec: {workflowRef: {name: NAME}}
                """.replace("NAME", name);
    }

    @Test
    void theInstanceListAndTheConditionalGraphShowTheRun(TestNamespace ns) throws Exception {
        ns.applyFile("examples/conditional.yaml");
        assertThat(ns.awaitEnd("conditional-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        String token = ConsoleUsers.user(ns.client(), ns.name(), "viewer", ConsoleUsers.VIEW);

        browser.open("/instances?namespace=" + ns.name(), token);
        browser.until(d -> browser.all("tr[data-instance='conditional-1'] .phase-Succeeded").size() == 1);
        browser.screenshot("instances");

        browser.open("/instances/" + ns.name() + "/conditional-1", null);
        browser.until(d -> browser.all(".graph[data-depth='0'] > .node").size() == 7);
        assertThat(browser.all(".node[data-phase='Skipped']")).extracting(e -> e.getAttribute("data-step")).containsExactlyInAnyOrder("d", "e");
        assertThat(browser.all(".node[data-phase='Succeeded']")).hasSize(5);
        assertThat(browser.one(".edge[data-from='c'][data-to='d']").getAttribute("class")).contains("edge-unsatisfied");
        assertThat(browser.one(".edge[data-from='c'][data-to='f']").getAttribute("class")).contains("edge-satisfied");
        assertThat(browser.one(".edge[data-from='c'][data-to='f'] .when").getText()).isEqualTo("✓ params.p >= 0");
        assertThat(browser.one(".edge[data-from='c'][data-to='d'] .when").getText()).isEqualTo("✗ params.p < 0");
        assertThat(browser.all("#gantt .row")).as("the timeline has the attempts of the steps that ran")
                .extracting(e -> e.getAttribute("data-step")).contains("b", "c", "f").doesNotContain("d", "e");
        browser.screenshot("conditional"); // docs/console.png is a copy of it

        // The viewer's Role has no patch: a restart of the ended run is refused, and the page says so.
        browser.clickAndConfirm("#action-restart");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "may not patch"));
        browser.screenshot("refused");
    }

    @Test
    void aForeachExpandsInPlaceIntoItsIterations(TestNamespace ns) throws Exception {
        ns.applyFile("examples/foreach.yaml");
        String token = ConsoleUsers.user(ns.client(), ns.name(), "viewer", ConsoleUsers.VIEW);
        Awaitility.await().atMost(END).until(() -> {
            var st = ns.instance("per-region-report-1").getStatus();
            return st != null && st.steps.stream().anyMatch(s -> s.foreach != null && s.foreach.total != null);
        });
        browser.open("/instances/" + ns.name() + "/per-region-report-1", token);
        browser.one("[data-expand='per-region']").click();
        browser.until(d -> browser.all("[data-iterations='per-region'] .chip").size() == 9);
        // An iteration that still has its instance opens its own graph inside the loop's node.
        browser.until(d -> !browser.all("[data-iterations='per-region'] .chip:not([disabled])").isEmpty()
                || ns.instance("per-region-report-1").getStatus().phase.terminal());
        var live = browser.all("[data-iterations='per-region'] .chip:not([disabled])");
        if (!live.isEmpty()) {
            String index = live.get(0).getAttribute("data-iteration");
            live.get(0).click();
            // The iteration may end, and its instance go, between the listing and the click: the page then says so in
            // place of its graph (its instance is no longer in the operator's cache), or the chip was disabled before the
            // click landed. A while loop's running iteration opens deterministically in whileAndSubworkflowNodesExpandIntoTheirRuns.
            browser.until(d -> browser.all(".graph[data-depth='1'] > .node").size() == 6
                    || d.findElement(By.tagName("body")).getText().contains("not found (deleted, or not watched by this operator)")
                    || !browser.all("[data-iterations='per-region'] .chip[data-iteration='" + index + "'][disabled]").isEmpty());
        }
        browser.screenshot("foreach");
        ns.awaitEnd("per-region-report-1", END);
    }

    @Test
    void aUserWithRightsSuspendsAndResumesARun(TestNamespace ns) throws Exception {
        ns.apply(sleeper("pause"));
        ns.awaitPhase("pause-1", InstancePhase.Running, END);
        String token = ConsoleUsers.user(ns.client(), ns.name(), "operator", ConsoleUsers.OPERATE);
        browser.open("/instances/" + ns.name() + "/pause-1", token);
        browser.clickAndConfirm("#action-suspend");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(ns.instance("pause-1").getSpec().suspend));
        browser.one("#suspended-tag");
        browser.screenshot("suspended");
        browser.clickAndConfirm("#action-resume");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(ns.instance("pause-1").getSpec().suspend));
        browser.until(ExpectedConditions.invisibilityOfElementLocated(By.id("suspended-tag")));
        browser.clickAndConfirm("#action-stop");
        assertThat(ns.awaitEnd("pause-1", END).getStatus().phase).isEqualTo(InstancePhase.Stopped);
        browser.until(d -> browser.all("h1 .phase-Stopped").size() == 1);
    }

    @Test
    void theChangeStreamPushesAChangeOfTheCache(TestNamespace ns) throws Exception {
        ns.apply(sleeper("pushed"));
        ns.awaitPhase("pushed-1", InstancePhase.Running, END);
        String token = ConsoleUsers.user(ns.client(), ns.name(), "viewer", ConsoleUsers.VIEW);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        var stream = changes(HTTP, ns, token, lines);
        try {
            assertThat(lines.poll(20, TimeUnit.SECONDS)).isEqualTo(": connected");
            label(ns, "pushed-1");
            String change = change(lines, "pushed-1", System.nanoTime() + Duration.ofSeconds(20).toNanos());
            assertThat(change).as("a change of pushed-1 on the stream").isNotNull().contains("\"namespace\":\"" + ns.name() + "\"");
        } finally {
            stream.cancel(true);
        }
    }

    @Test
    void aHundredOpenConsolesAskTheApiServerAboutAsOftenAsOne(TestNamespace ns) throws Exception {
        ns.apply(sleeper("watched"));
        ns.awaitPhase("watched-1", InstancePhase.Running, END);
        String token = ConsoleUsers.user(ns.client(), ns.name(), "viewer", ConsoleUsers.VIEW);
        String api = "http://127.0.0.1:" + ns.operator().port() + "/console/api";
        assertThat(get(api + "/instances/" + ns.name() + "/watched-1", token).statusCode()).as("the first console").isEqualTo(200);
        assertThat(get(api + "/instances?namespace=" + ns.name(), token).statusCode()).isEqualTo(200);
        double[] before = consoleReads(ns);
        List<BlockingQueue<String>> queues = new ArrayList<>();
        List<CompletableFuture<?>> streams = new ArrayList<>();
        try {
            for (int i = 0; i < CONSOLES; i++) {
                BlockingQueue<String> lines = new LinkedBlockingQueue<>();
                queues.add(lines);
                streams.add(changes(HTTP, ns, token, lines));
            }
            for (BlockingQueue<String> lines : queues) {
                assertThat(lines.poll(30, TimeUnit.SECONDS)).isEqualTo(": connected");
            }
            // Each console loads the run's page and the list, as a browser does when it opens.
            for (int i = 0; i < CONSOLES; i++) {
                assertThat(get(api + "/instances/" + ns.name() + "/watched-1", token).statusCode()).isEqualTo(200);
                assertThat(get(api + "/instances?namespace=" + ns.name(), token).statusCode()).isEqualTo(200);
            }
            label(ns, "watched-1");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (BlockingQueue<String> lines : queues) {
                assertThat(change(lines, "watched-1", deadline)).as("every console hears of the change").isNotNull();
            }
            double[] after = consoleReads(ns);
            double reads = after[0] - before[0];
            double reviews = after[1] - before[1];
            System.out.println("[console] " + CONSOLES + " consoles, " + 2 * CONSOLES + " page loads: " + reads + " reads and token reviews, "
                    + reviews + " access reviews");
            assertThat(reads).as("gets and lists of runs, Workflows, Events and pods, and token reviews, while %d consoles opened", CONSOLES)
                    .isLessThanOrEqualTo(5);
            // Access decisions are per user and namespace, not per console; the stream checks a namespace when a change
            // there arrives, so changes elsewhere (other tests' namespaces going) add a few, whatever the number of consoles.
            assertThat(reviews).as("access reviews while %d consoles of one user opened", CONSOLES).isLessThanOrEqualTo(30);
        } finally {
            streams.forEach(f -> f.cancel(true));
        }
    }

    /**
     * The operator's API requests of the kinds a console would send if it did not read the caches and reuse answers:
     * gets and lists of runs, Workflows, Events and pods with token reviews; and access reviews.
     */
    private static double[] consoleReads(TestNamespace ns) throws Exception {
        String text = MetricsIT.scrape(ns);
        double reads = MetricsIT.sum(text, "baton_client_requests_total", Map.of("verb", "create", "resource", "tokenreviews"));
        for (String resource : List.of("workflowinstances", "workflows", "events", "pods")) {
            reads += MetricsIT.sum(text, "baton_client_requests_total", Map.of("verb", "get", "resource", resource));
        }
        return new double[] {reads, MetricsIT.sum(text, "baton_client_requests_total", Map.of("verb", "create", "resource", "subjectaccessreviews"))};
    }

    /** Opens the console's change stream; its lines go to the queue. */
    private static CompletableFuture<?> changes(HttpClient http, TestNamespace ns, String token, BlockingQueue<String> lines) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ns.operator().port() + "/console/api/changes"))
                        .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.fromLineSubscriber(new Flow.Subscriber<String>() {
                    public void onSubscribe(Flow.Subscription s) {
                        s.request(Long.MAX_VALUE);
                    }

                    public void onNext(String line) {
                        lines.add(line);
                    }

                    public void onError(Throwable t) {
                        lines.add("error: " + t);
                    }

                    public void onComplete() {
                        lines.add("complete");
                    }
                }));
    }

    /** The first data line about the instance before the deadline (System.nanoTime), or null. */
    private static String change(BlockingQueue<String> lines, String instance, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line != null && line.startsWith("data: ") && line.contains("\"" + instance + "\"")) {
                return line;
            }
        }
        return null;
    }

    /** A label change: the cache changes, nothing the operator runs does. */
    private static void label(TestNamespace ns, String instance) {
        ns.client().resources(WorkflowInstance.class).inNamespace(ns.name()).withName(instance).edit(i -> {
            var labels = new java.util.HashMap<String, String>(i.getMetadata().getLabels() == null ? Map.of() : i.getMetadata().getLabels());
            labels.put("seen", "yes");
            i.getMetadata().setLabels(labels);
            return i;
        });
    }

    @Test
    void aUserWithoutRightsIsRefused(TestNamespace ns) throws Exception {
        ns.apply(sleeper("guarded"));
        ns.awaitPhase("guarded-1", InstancePhase.Running, END);
        String viewer = ConsoleUsers.user(ns.client(), ns.name(), "viewer", ConsoleUsers.VIEW);
        String stranger = ConsoleUsers.user(ns.client(), ns.name(), "stranger", java.util.List.of());
        browser.open("/instances/" + ns.name() + "/guarded-1", viewer);
        browser.clickAndConfirm("#action-suspend");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "may not patch"));
        browser.screenshot("refused-suspend");
        assertThat(ns.instance("guarded-1").getSpec().suspend).isNull();

        String api = "http://127.0.0.1:" + ns.operator().port() + "/console/api/instances/" + ns.name() + "/guarded-1";
        assertThat(get(api, null).statusCode()).as("no token").isEqualTo(401);
        assertThat(get(api, "not-a-token").statusCode()).as("a token the API server does not know").isEqualTo(401);
        HttpResponse<String> strangers = get(api, stranger);
        assertThat(strangers.statusCode()).as(strangers.body()).isEqualTo(403);
        assertThat(strangers.body()).contains("may not get workflowinstances");
        HttpResponse<String> list = get("http://127.0.0.1:" + ns.operator().port() + "/console/api/instances?namespace=" + ns.name(), stranger);
        assertThat(list.body()).contains("\"matched\":0");
        HttpResponse<String> page = get(api, viewer);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
        // An action without the CSRF token is refused before any check of rights.
        HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/actions"))
                .header("Authorization", "Bearer " + viewer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"kill\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("CSRF");
        assertThat(ns.instance("guarded-1").getSpec().stop).isNull();
    }

    @Test
    @Tag("realnode")
    void theLogPanelShowsARealNodeStepsOutput(TestNamespace ns) throws Exception {
        ns.apply(onTheRealNode(ns, "talk", "say", "echo \"hello from <b>the console</b>\"; echo done"));
        assertThat(ns.awaitEnd("talk-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        String token = ConsoleUsers.user(ns.client(), ns.name(), "operator", ConsoleUsers.OPERATE);
        browser.open("/instances/" + ns.name() + "/talk-1", token);
        browser.one(".node[data-step='say']").click();
        // The log is text: the markup in it is shown, not rendered.
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("step-log"), "hello from <b>the console</b>"));
        assertThat(browser.all("#step-log b")).isEmpty();
        browser.screenshot("log");
    }

    @Test
    void stepActionsAndARestartFromAStepAreTakenFromThePage(TestNamespace ns) throws Exception {
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: acts}
                spec:
                  steps:
                    - name: slow
                      bash: {script: "true"}
                      podTemplate: {metadata: {annotations: {kwok.baton.dev/duration: "300s"}}}
                    - {name: after-slow, dependsOn: [slow], noop: {}}
                    - {name: a, bash: {script: "true"}}
                    - {name: b, dependsOn: [a], bash: {script: "true"}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: acts-1}
                spec: {workflowRef: {name: acts}}
                """);
        Awaitility.await().atMost(END).ignoreExceptions().until(() -> {
            var b = ns.step("acts-1", "b");
            var slow = ns.step("acts-1", "slow");
            return b != null && b.phase == StepPhase.Succeeded && slow != null && slow.phase == StepPhase.Running;
        });
        String token = ConsoleUsers.user(ns.client(), ns.name(), "operator", ConsoleUsers.OPERATE);
        browser.open("/instances/" + ns.name() + "/acts-1", token);

        // Skip the running step from its panel: it and the step after it are skipped, and the run ends.
        browser.one(".node[data-step='slow']").click();
        browser.one("#step-panel[data-step='slow']");
        browser.clickAndConfirm("#step-panel [data-step-action='Skip']");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#step-panel [role=alert]"), "Skip slow asked"));
        browser.until(d -> browser.all(".node[data-step='slow'][data-phase='Skipped']").size() == 1
                && browser.all(".node[data-step='after-slow'][data-phase='Skipped']").size() == 1);
        WorkflowInstance ended = ns.awaitEnd("acts-1", END);
        assertThat(ended.getStatus().actions).singleElement().satisfies(a -> {
            assertThat(a.id).startsWith("console-skip-");
            assertThat(a.outcome).isEqualTo("Done");
        });
        browser.until(d -> browser.all("h1 .phase-" + ended.getStatus().phase).size() == 1);
        browser.screenshot("step-skipped");

        // Restart from step b: a keeps its attempt, b runs again in run 2.
        String aJob = ns.step("acts-1", "a").attempts.get(0).job;
        String bJob = ns.step("acts-1", "b").attempts.get(0).job;
        browser.until(ExpectedConditions.elementToBeClickable(By.id("action-restart")));
        new Select(browser.one(".restart select")).selectByValue("FromStep");
        browser.until(d -> browser.all(".restart select").size() == 2);
        new Select(browser.all(".restart select").get(1)).selectByValue("b");
        browser.clickAndConfirm("#action-restart");
        Awaitility.await().atMost(END).until(() -> ns.instance("acts-1").getStatus().run == 2 && ns.instance("acts-1").getStatus().phase.terminal());
        assertThat(ns.step("acts-1", "a").attempts).extracting(x -> x.job).containsExactly(aJob);
        assertThat(ns.step("acts-1", "b").attempts).extracting(x -> x.job).singleElement().isNotEqualTo(bJob);
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("section.instance > p.dim"), "run 2"));
        browser.screenshot("restarted");
    }

    @Test
    void whileAndSubworkflowNodesExpandIntoTheirRuns(TestNamespace ns) throws Exception {
        ns.applyFile("examples/subworkflow.yaml");
        ns.apply("""
                apiVersion: baton.dev/v1alpha1
                kind: Workflow
                metadata: {name: rounds}
                spec:
                  steps:
                    - name: loop
                      while:
                        condition: "i <= 3"
                        params: {i: 1}
                        maxIterations: 5
                        steps:
                          - {name: work, sleep: {duration: 300s}}
                          - {name: next, dependsOn: [work], params: {i: "${i + 1}"}, noop: {}}
                ---
                apiVersion: baton.dev/v1alpha1
                kind: WorkflowInstance
                metadata: {name: rounds-1}
                spec: {workflowRef: {name: rounds}}
                """);
        String token = ConsoleUsers.user(ns.client(), ns.name(), "viewer", ConsoleUsers.VIEW);
        Awaitility.await().atMost(END).until(() -> ns.children("rounds-1").size() == 1);

        // The while loop's running iteration opens its own live graph inside the loop's node.
        browser.open("/instances/" + ns.name() + "/rounds-1", token);
        browser.one("[data-expand='loop']").click();
        browser.until(d -> browser.all("[data-iterations='loop'] .chip:not([disabled])").size() == 1);
        browser.one("[data-iterations='loop'] .chip").click();
        browser.until(d -> browser.all(".graph[data-depth='1'] > .node[data-step='work'][data-phase='Running']").size() == 1
                && browser.all(".graph[data-depth='1'] > .node[data-step='next']").size() == 1);
        browser.screenshot("while");

        // A sync subworkflow step opens the child run's graph in place.
        assertThat(ns.awaitEnd("daily-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);
        browser.open("/instances/" + ns.name() + "/daily-1", null);
        browser.until(d -> browser.all(".graph[data-depth='0'] > .node").size() == 4);
        browser.one("[data-expand='publish']").click();
        browser.until(d -> browser.all(".node[data-step='publish'] .graph[data-depth='1'] > .node[data-step='upload'][data-phase='Succeeded']").size() == 1);
        // The node takes the size of the child's graph once it is drawn, not a fixed panel's: all of it shows,
        // without scrolling, in a box smaller than the panel (a one-step child here). The collapsed subworkflow
        // node beside it shows its rollup line whole too.
        browser.until(d -> fitsItsContent("publish") && fitsItsContent("notify")
                && browser.one(".node[data-step='publish']").getSize().getHeight() < 380);
        browser.screenshot("subworkflow");
    }

    /** True when the step's node shows all it holds: nothing to scroll, nothing cut off. */
    private boolean fitsItsContent(String step) {
        List<?> box = (List<?>) browser.driver().executeScript("const n = document.querySelector(\".node[data-step='\" + arguments[0] + \"']\");"
                + " return [n.scrollWidth, n.clientWidth, n.scrollHeight, n.clientHeight];", step);
        long[] v = box.stream().mapToLong(x -> ((Number) x).longValue()).toArray();
        return v[0] <= v[1] && v[2] <= v[3];
    }

    @Test
    void theWorkflowsPageShowsTriggersAndTheRunDurationChart(TestNamespace ns) throws Exception {
        // The example's backfill starts three past nights at once; its cron trigger has a next run.
        ns.applyFile("examples/cron.yaml");
        Awaitility.await().atMost(END).until(() -> ns.instances().size() == 3 && ns.instances().stream()
                .allMatch(i -> i.getStatus() != null && i.getStatus().phase != null && i.getStatus().phase.terminal()));
        String token = ConsoleUsers.user(ns.client(), ns.name(), "viewer", ConsoleUsers.VIEW);
        browser.open("/workflows?namespace=" + ns.name(), token);
        browser.until(d -> browser.all("#workflows tbody tr").size() == 1);
        String row = browser.one("#workflows tbody tr").getText();
        assertThat(row).contains("nightly-report", "Build yesterday's report every night at 02:30, Berlin time", "nightly");
        browser.until(d -> browser.all("#workflows tbody tr a .phase-Succeeded").size() == 3);
        browser.screenshot("workflows");

        browser.one("#workflows tbody tr a[href*='/workflows/']").click();
        browser.until(d -> browser.all("#duration-chart circle").size() == 3);
        assertThat(browser.one("dl.facts").getText()).containsPattern("nightly: next 20\\d\\d-");
        browser.screenshot("workflow");

        // The instance list's filter form: by label and phase, then by part of the name.
        browser.open("/instances?namespace=" + ns.name(), null);
        browser.until(d -> browser.all("#instances tbody tr").size() == 3);
        browser.one("form.filters input[name=label]").sendKeys("baton.dev/trigger=nightly");
        new Select(browser.one("form.filters select[name=phase]")).selectByValue("Succeeded");
        browser.one("form.filters input[name=text]").sendKeys("20261102");
        browser.one("form.filters button[type=submit]").click();
        browser.until(d -> browser.all("#instances tbody tr").size() == 1
                && browser.all("tr[data-instance='nightly-report-nightly-20261102-013000']").size() == 1);
        assertThat(browser.driver().getCurrentUrl()).contains("label=baton.dev%2Ftrigger%3Dnightly", "phase=Succeeded", "text=20261102");
        browser.screenshot("filtered");
    }

    @Test
    @Tag("realnode")
    void theLogPanelFollowsARunningStepAndSaysWhenItsPodIsGone(TestNamespace ns) throws Exception {
        ns.apply(onTheRealNode(ns, "ticks", "tick", "for i in $(seq 1 40); do echo \"tick $i\"; sleep 1; done"));
        Awaitility.await().atMost(END).until(() -> ns.pods().stream().anyMatch(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())));
        String token = ConsoleUsers.user(ns.client(), ns.name(), "operator", ConsoleUsers.OPERATE);
        browser.open("/instances/" + ns.name() + "/ticks-1", token);
        browser.one(".node[data-step='tick']").click();
        browser.one("#log-follow").click();
        // Lines arrive as the step writes them, on the page that is open: no reload.
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("step-log"), "tick 2\n"));
        String early = browser.one("#step-log").getText();
        assertThat(early).doesNotContain("tick 40");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("step-log"), "tick 40"));
        browser.screenshot("log-follow");
        // The Events of a Job's attempt are its Job's and its pod's (the scheduler's and the kubelet's).
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#step-panel table.events"), "Job SuccessfulCreate"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#step-panel table.events"), "Pod Scheduled"));
        assertThat(ns.awaitEnd("ticks-1", END).getStatus().phase).isEqualTo(InstancePhase.Succeeded);

        // With its Job and pod deleted, the panel says the log went with the pod, and how the attempt ended.
        ns.kubectl(null, "delete", "jobs", "--all", "--cascade=foreground", "--wait=true");
        Awaitility.await().atMost(END).until(() -> ns.pods().isEmpty());
        browser.driver().navigate().refresh(); // the same route again would not load the page anew
        browser.one(".node[data-step='tick']").click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("step-log"), "is gone"));
        browser.screenshot("log-gone");
    }

    @Test
    void aStandbyReplicasConsoleActsAsTheUser(TestNamespace ns) throws Exception {
        // Two operators with leader election, as the chart runs replicaCount: 2; its Service sends a browser to either.
        Map<String, String> env = Map.of("BATON_CONSOLE_MODE", "kubernetes", "BATON_LEADER_ELECTION_ENABLED", "true",
                "BATON_LEADER_ELECTION_LEASE_NAMESPACE", ns.name());
        OperatorProcess leader = new OperatorProcess(ns.file(""), BatonCluster.kubeconfig(), ns.file("controller-tests/target/operator-console-leader.log"), env);
        OperatorProcess standby = new OperatorProcess(ns.file(""), BatonCluster.kubeconfig(), ns.file("controller-tests/target/operator-console-standby.log"), env);
        ns.operator().stop();
        try {
            leader.start();
            Awaitility.await().atMost(END).until(() -> holder(ns) != null);
            String holder = holder(ns);
            standby.start();
            ns.apply(sleeper("standby"));
            ns.awaitPhase("standby-1", InstancePhase.Running, END);
            String token = ConsoleUsers.user(ns.client(), ns.name(), "operator", ConsoleUsers.OPERATE);
            try (ConsoleBrowser onStandby = new ConsoleBrowser(standby.port(), ns.file("."))) {
                // The standby's caches are warm: it shows the run the leader runs.
                onStandby.open("/instances/" + ns.name() + "/standby-1", token);
                onStandby.until(d -> onStandby.all(".node[data-step='wait'][data-phase='Running']").size() == 1);
                // The user's action is the user's write: the standby sends it (its lease fence guards only the operator's own writes).
                onStandby.clickAndConfirm("#action-suspend");
                onStandby.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "suspend requested"));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(ns.instance("standby-1").getSpec().suspend));
                onStandby.one("#suspended-tag");
                onStandby.screenshot("standby-suspend");
            }
            assertThat(holder(ns)).as("the leader still leads").isEqualTo(holder);
        } finally {
            standby.stop();
            leader.stop();
            ns.operator().start();
        }
    }

    private static String holder(TestNamespace ns) {
        var lease = ns.client().leases().inNamespace(ns.name()).withName("baton-leader").get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** A one-step bash workflow whose pod runs on the real node, and its instance NAME-1; skips the test without a real node. */
    private static String onTheRealNode(TestNamespace ns, String name, String step, String script) {
        Assumptions.assumeTrue(RealNode.get(ns.client()) != null, "the cluster has no real node: BATON_REAL_NODE=true controller-tests/cluster/up.sh");
        return RealNode.workflow(name, "    - {name: " + step + ", bash: {script: '" + script + "'}}\n");
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
