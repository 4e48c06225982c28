package dev.baton.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's chromium and chromium-driver, controller-tests/browser/install.sh) on the console
 * of the operator under test; screenshots go to controller-tests/target/console-screenshots.
 */
public final class ConsoleBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(60);
    private final ChromeDriver driver;
    private final String base;
    private final Path screenshots;

    public ConsoleBrowser(int port, Path repo) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1500,1100",
                "--disable-extensions", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.base = "http://127.0.0.1:" + port + "/console/";
        this.screenshots = repo.resolve("controller-tests/target/console-screenshots");
    }

    public static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens the page at {@code route} (the part after #), signing in with the token first when asked. */
    public void open(String route, String token) {
        driver.get(base + "#" + route);
        if (token != null) {
            WebElement box = until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("textarea[name=token]")));
            box.sendKeys(token);
            driver.findElement(By.id("signin")).click();
            until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("textarea[name=token]")));
        }
    }

    /** Waits for the condition; on a timeout, the page's text and a screenshot (timeout-N.png) say what was shown instead. */
    public <T> T until(java.util.function.Function<? super WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, WAIT).pollingEvery(Duration.ofMillis(200)).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            String shot;
            try {
                shot = screenshot("timeout-" + System.nanoTime()).toString();
            } catch (IOException | RuntimeException io) {
                shot = "no screenshot: " + io.getMessage();
            }
            String text = driver.findElements(By.tagName("body")).stream().map(WebElement::getText).findFirst().orElse("");
            throw new AssertionError(e.getMessage().lines().findFirst().orElse("") + "\n--- page (" + shot + ") ---\n"
                    + text.substring(0, Math.min(3000, text.length())), e);
        }
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public WebElement one(String css) {
        return until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /** Clicks, then accepts the confirmation the console asks for. */
    public void clickAndConfirm(String css) {
        until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
        until(ExpectedConditions.alertIsPresent()).accept();
    }

    public Path screenshot(String name) throws IOException {
        Files.createDirectories(screenshots);
        Path file = screenshots.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
