// The report form (bao-cao/): one progress report written as the YAML file `tracker check` accepts, then sent
// through GitHub's new-file page, the reporting issue form, a copy or a download. No server: everything here.
(function () {
  "use strict";
  var root = document.querySelector(".tk-report-form");
  if (!root) return;
  var form = document.getElementById("tk-report");
  var params = new URLSearchParams(window.location.search);
  var task = params.get("nv") || "";
  var agency = params.get("dv") || "";
  var askAgency = !agency;  // opened from a directive's page: the clerk names the agency
  document.getElementById("tk-agency-row").hidden = !askAgency;
  var ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
  var TASK = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[0-9A-Za-z.-]+(?:\/[0-9A-Za-z.-]+)?$/;
  var HEADER = "# Báo cáo tiến độ: một tệp cho mỗi báo cáo; không sửa, không xóa, không đổi tên sau khi đã hợp nhất.\n" +
    "# Xem FORMAT.md và docs/huong-dan-bao-cao.md.\n";
  // C0 and C1 controls but tab and line feed, and the Unicode non-characters: refused by `tracker check`.
  var CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufdd0-\ufdef\ufffe\uffff]/;

  document.querySelectorAll("[data-field-show]").forEach(function (el) {
    el.textContent = el.getAttribute("data-field-show") === "task" ? task || "(chưa có)" : agency || "(ghi ở dưới)";
  });

  // Vietnam has no daylight saving: its date is UTC+7.
  function vietnamNow() {
    return new Date(Date.now() + 7 * 3600 * 1000);
  }
  function iso(d) {
    return d.toISOString().slice(0, 10);
  }
  function shown(isoDate) {
    var p = isoDate.split("-");
    return p[2] + "/" + p[1] + "/" + p[0];
  }
  // dd/mm/yyyy (or d/m/yyyy) -> YYYY-MM-DD, or null when it is not a day of the calendar.
  function parseDay(text) {
    var m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
    if (!m) return null;
    var d = +m[1], mo = +m[2], y = +m[3];
    var date = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return iso(date);
  }
  function clean(text) {
    return text.replace(/\r\n?/g, "\n").normalize("NFC");
  }
  // A JSON string is a valid YAML double-quoted scalar; line and paragraph separators are escaped so that
  // YAML does not read them as line breaks.
  function scalar(text) {
    return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029").replace(/\u0085/g, "\\u0085");
  }

  var dateInput = document.getElementById("tk-date");
  dateInput.value = shown(iso(vietnamNow()));

  var evidence = document.getElementById("tk-evidence");
  var rows = 0;
  function addEvidence() {
    rows += 1;
    var n = rows;
    var box = document.createElement("div");
    box.className = "tk-evidence-row";
    [["document", "Số văn bản"], ["date", "Ngày văn bản (dd/mm/yyyy)"], ["url", "Đường dẫn (https://…)"], ["title", "Trích yếu"]]
      .forEach(function (f) {
        var id = "tk-ev-" + n + "-" + f[0];
        var p = document.createElement("p");
        var label = document.createElement("label");
        label.setAttribute("for", id);
        label.textContent = f[1] + " (minh chứng " + n + ")";
        var input = document.createElement("input");
        input.id = id;
        input.name = "ev-" + f[0];
        input.setAttribute("aria-describedby", id + "-error");
        var error = document.createElement("span");
        error.className = "tk-error";
        error.id = id + "-error";
        error.setAttribute("role", "alert");
        p.append(label, input, error);
        box.append(p);
      });
    evidence.append(box);
  }
  document.getElementById("tk-add-evidence").addEventListener("click", addEvidence);

  function say(id, message) {
    var el = document.getElementById(id + "-error");
    el.textContent = message || "";
    var input = document.getElementById(id);
    if (input) input.setAttribute("aria-invalid", message ? "true" : "false");
    return !message;
  }
  function value(id) {
    return clean(document.getElementById(id).value).trim();
  }
  function textProblem(text) {
    return CONTROL.test(text) ? "Nội dung có ký tự điều khiển không in được; hãy xóa ký tự đó." : "";
  }

  function collect() {
    var ok = true;
    var problems = [];
    if (askAgency) {
      agency = value("tk-agency").toLowerCase();
      ok = say("tk-agency", ID.test(agency) ? "" : "Hãy ghi mã đơn vị, ví dụ kon-tum-so-y-te (chữ thường, không dấu, nối bằng -).") && ok;
    }
    if (!TASK.test(task)) {
      problems.push("Thiếu mã nhiệm vụ: hãy mở biểu mẫu từ nút “Báo cáo tiến độ” trên trang của đơn vị hoặc của văn bản.");
    }
    var status = form.querySelector("input[name=status]:checked").value;
    var day = parseDay(dateInput.value);
    var tomorrow = iso(new Date(vietnamNow().getTime() + 24 * 3600 * 1000));
    if (!day) ok = say("tk-date", "Ngày không hợp lệ: hãy viết ngày/tháng/năm, ví dụ 22/11/2026.") && ok;
    else if (day > tomorrow) ok = say("tk-date", "Ngày báo cáo không thể sau ngày mai.") && ok;
    else say("tk-date", "");
    var completed = null;
    if (status === "done" && value("tk-completed")) {
      completed = parseDay(value("tk-completed"));
      if (!completed) ok = say("tk-completed", "Ngày không hợp lệ: hãy viết ngày/tháng/năm, ví dụ 20/11/2026.") && ok;
      else if (day && completed > day) ok = say("tk-completed", "Ngày hoàn thành không thể sau ngày báo cáo.") && ok;
      else say("tk-completed", "");
    } else say("tk-completed", "");
    var note = value("tk-note");
    if (!note) ok = say("tk-note", "Hãy ghi nội dung đã thực hiện.") && ok;
    else ok = say("tk-note", textProblem(note)) && ok;
    var blocked = document.getElementById("tk-blocked").checked;
    var difficulties = value("tk-difficulties"), proposals = value("tk-proposals");
    if (blocked && !difficulties) ok = say("tk-difficulties", "Hãy nêu khó khăn, vướng mắc.") && ok;
    else ok = say("tk-difficulties", textProblem(difficulties + proposals)) && ok;
    var until = null;
    if (value("tk-until")) {
      until = parseDay(value("tk-until"));
      if (!until) ok = say("tk-until", "Ngày không hợp lệ: hãy viết ngày/tháng/năm, ví dụ 31/12/2026.") && ok;
      else if (day && until <= day) ok = say("tk-until", "Ngày đề nghị gia hạn phải sau ngày báo cáo.") && ok;
      else say("tk-until", "");
    } else say("tk-until", "");
    var items = [];
    evidence.querySelectorAll(".tk-evidence-row").forEach(function (box) {
      var item = {};
      box.querySelectorAll("input").forEach(function (input) {
        item[input.name.slice(3)] = { input: input, text: clean(input.value).trim() };
      });
      if (!item.document.text && !item.url.text && !item.title.text && !item.date.text) return;
      var entry = {};
      if (!item.document.text && !item.url.text) {
        ok = say(item.document.input.id, "Minh chứng cần số văn bản hoặc đường dẫn.") && ok;
      } else say(item.document.input.id, textProblem(item.document.text + item.title.text));
      if (item.url.text && !/^https?:\/\/[^\s]+$/i.test(item.url.text)) {
        ok = say(item.url.input.id, "Đường dẫn phải bắt đầu bằng https:// hoặc http://.") && ok;
      } else say(item.url.input.id, "");
      if (item.date.text && !parseDay(item.date.text)) {
        ok = say(item.date.input.id, "Ngày không hợp lệ: hãy viết ngày/tháng/năm.") && ok;
      } else say(item.date.input.id, "");
      ["document", "url", "title"].forEach(function (k) { if (item[k].text) entry[k] = item[k].text; });
      if (item.date.text && parseDay(item.date.text)) entry.date = parseDay(item.date.text);
      items.push(entry);
    });
    document.getElementById("tk-form-error").textContent = problems.join(" ");
    if (!ok || problems.length) return null;
    return {
      task: task, agency: agency, date: day, status: status, completed: completed, note: note, blocked: blocked,
      difficulties: difficulties, proposals: proposals, evidence: items,
      extension_request: until ? { until: until, reason: value("tk-reason") } : null,
    };
  }

  // The keys in the order of FORMAT.md; text always quoted, dates and flags plain, as `tracker report` writes them.
  function yaml(r) {
    var lines = ["task: " + scalar(r.task), "agency: " + scalar(r.agency), "date: " + r.date, "status: " + r.status];
    if (r.completed) lines.push("completed: " + r.completed);
    lines.push("note: " + scalar(r.note));
    if (r.blocked) lines.push("blocked: true");
    if (r.difficulties) lines.push("difficulties: " + scalar(r.difficulties));
    if (r.proposals) lines.push("proposals: " + scalar(r.proposals));
    if (r.evidence.length) {
      lines.push("evidence:");
      r.evidence.forEach(function (e) {
        var first = true;
        ["document", "date", "url", "title"].forEach(function (k) {
          if (!e[k]) return;
          lines.push((first ? "  - " : "    ") + k + ": " + (k === "date" ? e[k] : scalar(e[k])));
          first = false;
        });
      });
    }
    if (r.extension_request) {
      lines.push("extension_request:", "  until: " + r.extension_request.until);
      if (r.extension_request.reason) lines.push("  reason: " + scalar(r.extension_request.reason));
    }
    return HEADER + lines.join("\n") + "\n";
  }

  function filename(r) {
    var now = vietnamNow().toISOString();
    var hhmmss = now.slice(11, 13) + now.slice(14, 16) + now.slice(17, 19);
    var bytes = new Uint8Array(2);
    window.crypto.getRandomValues(bytes);
    var hex = Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
    return "reports/" + r.task + "/" + r.date + "-" + r.agency + "-" + hhmmss + "-" + hex + ".yaml";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var report = collect();
    var result = document.getElementById("tk-result");
    if (!report) { result.hidden = true; return; }
    var text = yaml(report), name = filename(report);
    document.getElementById("tk-yaml").textContent = text;
    document.getElementById("tk-filename").textContent = name;
    var download = document.getElementById("tk-download");
    download.href = URL.createObjectURL(new Blob([text], { type: "text/yaml;charset=utf-8" }));
    download.setAttribute("download", name.split("/").pop());
    var newFile = root.getAttribute("data-new-file"), issueForm = root.getAttribute("data-issue-form");
    document.getElementById("tk-send-github").hidden = !newFile;
    document.getElementById("tk-send-issue").hidden = !issueForm;
    document.getElementById("tk-no-repository").hidden = !!(newFile || issueForm);
    if (newFile) {
      document.getElementById("tk-github-link").href =
        newFile + "?filename=" + encodeURIComponent(name) + "&value=" + encodeURIComponent(text);
    }
    if (issueForm) {
      var fields = { title: "Báo cáo tiến độ " + report.task + " (" + report.agency + ")", "nhiem-vu": report.task,
        "don-vi": report.agency, "tinh-trang": report.status === "done" ? "Hoàn thành" : "Đang thực hiện",
        "ngay-bao-cao": shown(report.date), "noi-dung": report.note };
      document.getElementById("tk-issue-link").href = issueForm + "&" + new URLSearchParams(fields).toString();
    }
    result.hidden = false;
    result.scrollIntoView();
  });
  document.getElementById("tk-copy").addEventListener("click", function () {
    navigator.clipboard.writeText(document.getElementById("tk-yaml").textContent);
  });
})();
