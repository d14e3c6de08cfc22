package example;

import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /reports/{month}}: the month's report, computed once across the instances. */
@RestController
public class ReportController {
  private final ReportService reports;

  public ReportController(ReportService reports) {
    this.reports = reports;
  }

  @GetMapping("/reports/{month}")
  public Map<String, Object> report(@PathVariable String month) {
    return Map.of(
        "month", month,
        "report", reports.report(month),
        "computedHere", reports.computations());
  }
}
