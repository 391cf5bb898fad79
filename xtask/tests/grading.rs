//! Grading a class: in parts joined again, with check data from a revision
//! of the teacher's workbook, and student code that reaches out of its box.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;
use xtask::core::catalog::{Catalog, Kata};

/// A copy of this workbook to grade with (not a git repository).
struct TempWorkbook {
    dir: TempDir,
}

impl TempWorkbook {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = xtask::core::workbook::runner_root();
        for name in [
            "Cargo.toml",
            "Cargo.lock",
            ".cargo",
            "exercises",
            "solutions",
            "checks",
            "xtask",
        ] {
            copy_tree(&root.join(name), &dir.path().join(name));
        }
        Self { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn xtask(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .env("WORKBOOK_ROOT", self.root())
            .env("CARGO_TARGET_DIR", self.root().join("target"))
            .env("WORKBOOK_NO_BACKGROUND_BUILD", "1")
            .env("NO_COLOR", "1")
            .env_remove("CARGO_TERM_COLOR")
            .output()
            .expect("the runner starts")
    }

    fn catalog(&self) -> Catalog {
        Catalog::load(&self.root().join("checks")).expect("the catalog is valid")
    }

    /// The handout students start from, in a folder of its own.
    fn handout(&self) -> (TempDir, PathBuf) {
        let parent = tempfile::tempdir().unwrap();
        let handout = parent.path().join("channels");
        let out = self.xtask(&["handout", handout.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
        (parent, handout)
    }

    /// This workbook's check data cut down to `katas`: a smaller class to grade.
    fn checks_of(&self, katas: &[&Kata]) -> TempDir {
        let trusted = tempfile::tempdir().unwrap();
        copy_tree(&self.root().join("checks"), &trusted.path().join("checks"));
        let catalog = trusted.path().join("checks/katas.toml");
        let mut table: toml::Table = std::fs::read_to_string(&catalog).unwrap().parse().unwrap();
        let kept: Vec<toml::Value> = table["kata"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|k| {
                katas
                    .iter()
                    .any(|kata| kata.name == k["name"].as_str().unwrap())
            })
            .cloned()
            .collect();
        table.insert("kata".into(), toml::Value::Array(kept));
        std::fs::write(&catalog, toml::to_string(&table).unwrap()).unwrap();
        trusted
    }
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// `value` without the fields that time a run (`duration`, `graded_at`).
fn untimed(value: &serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(key, _)| !matches!(key.as_str(), "duration" | "graded_at"))
            .map(|(key, v)| (key.clone(), untimed(v)))
            .collect(),
        serde_json::Value::Array(items) => items.iter().map(untimed).collect(),
        other => other.clone(),
    }
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A class of three graded in two parts, the parts joined: the same CSV and
/// the same JSON (but for timings) as one run over the whole class; parts
/// that do not belong together, and bad part numbers, are refused.
#[test]
fn a_class_graded_in_parts_and_joined_matches_one_run() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let katas: Vec<&Kata> = catalog.katas.iter().take(3).collect();
    let trusted = wb.checks_of(&katas);
    let (_parent, handout) = wb.handout();
    let class = tempfile::tempdir().unwrap();
    for (student, solved) in [("ana", 0), ("ben", 1), ("cai", 3)] {
        let copy = class.path().join(student);
        copy_tree(&handout, &copy);
        for kata in &katas[..solved] {
            std::fs::copy(wb.root().join(&kata.solution), copy.join(&kata.path)).unwrap();
        }
    }
    // A folder that is not a student's copy, and one student's repository
    // with uncommitted work.
    std::fs::create_dir(class.path().join("notes")).unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=Cai", "-c", "user.email=c@example.com"])
            .args(args)
            .current_dir(class.path().join("cai"))
            .env("GIT_COMMITTER_DATE", "2026-11-30T12:00:00+01:00")
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
    };
    git(&["init", "--quiet"]);
    git(&["add", "."]);
    git(&["commit", "--quiet", "-m", "Solved"]);
    std::fs::write(class.path().join("cai").join("scratch.txt"), "wip").unwrap();
    let results = tempfile::tempdir().unwrap();
    let out = |name: &str| results.path().join(name);
    let grade = |extra: &[&str], to: &Path| {
        let mut args = vec![
            "grade",
            class.path().to_str().unwrap(),
            "--trusted",
            trusted.path().to_str().unwrap(),
            "--out",
            to.to_str().unwrap(),
        ];
        args.extend(extra);
        wb.xtask(&args)
    };

    let whole = grade(&[], &out("whole"));
    assert_eq!(whole.status.code(), Some(0), "{}", text(&whole));
    // What was graded: the pick, when, the skipped folder, each student's
    // commit with its date and the work not committed; a status per kata.
    let whole_json = json(&out("whole").join("grades.json"));
    assert_eq!(whole_json["pick"], "files");
    assert!(whole_json["graded_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(whole_json["skipped"][0]["folder"], "notes", "{whole_json}");
    let cai = &whole_json["students"][2];
    assert_eq!(cai["commit_date"], "2026-11-30T12:00:00+01:00", "{cai}");
    assert_eq!(cai["later_commits"], 0, "{cai}");
    assert_eq!(cai["uncommitted"], 1, "{cai}");
    let header = std::fs::read_to_string(out("whole").join("grades.csv")).unwrap();
    let first_kata = &katas[0].name;
    assert!(
        header.starts_with(&format!("student,{first_kata},{first_kata} status,")),
        "{header}"
    );
    assert!(header.contains("\ncai,1,pass,"), "{header}");
    let page = std::fs::read_to_string(out("whole").join("grades.html")).unwrap();
    assert!(page.contains("Not graded: <code>notes</code>"), "{page}");
    let first = grade(&["--shard", "1/2"], &out("part1"));
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    assert!(
        text(&first).contains("part 1/2 of the class: 2 of its 3 students"),
        "{}",
        text(&first)
    );
    let second = grade(&["--shard", "2/2"], &out("part2"));
    assert_eq!(second.status.code(), Some(0), "{}", text(&second));
    let names = |part: &str| -> Vec<String> {
        json(&out(part).join("grades.json"))["students"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["student"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("part1"), ["ana", "ben"]);
    assert_eq!(names("part2"), ["cai"]);

    let merged = wb.xtask(&[
        "grade-merge",
        out("part2").join("grades.json").to_str().unwrap(),
        out("part1").to_str().unwrap(),
        "--out",
        out("merged").to_str().unwrap(),
    ]);
    assert_eq!(merged.status.code(), Some(0), "{}", text(&merged));
    let csv = |part: &str| std::fs::read_to_string(out(part).join("grades.csv")).unwrap();
    assert_eq!(csv("merged"), csv("whole"));
    assert_eq!(csv("whole").lines().count(), 4, "{}", csv("whole"));
    assert_eq!(
        untimed(&json(&out("merged").join("grades.json"))),
        untimed(&json(&out("whole").join("grades.json")))
    );
    assert!(
        std::fs::read_to_string(out("merged").join("grades.html"))
            .unwrap()
            .contains("3 students, 3 katas"),
    );

    // A part with the whole class: ana and ben twice.
    let overlap = wb.xtask(&[
        "grade-merge",
        out("part1").to_str().unwrap(),
        out("whole").to_str().unwrap(),
        "--out",
        out("bad").to_str().unwrap(),
    ]);
    assert_eq!(overlap.status.code(), Some(2), "{}", text(&overlap));
    assert!(
        text(&overlap).contains("`ana` is graded in both"),
        "{}",
        text(&overlap)
    );
    let short = wb.xtask(&[
        "grade-merge",
        out("part1").to_str().unwrap(),
        "--out",
        out("bad").to_str().unwrap(),
    ]);
    assert_eq!(short.status.code(), Some(2), "{}", text(&short));
    assert!(
        text(&short).contains("part 2/2 of the class is missing"),
        "{}",
        text(&short)
    );
    // Other check data: one kata fewer.
    let fewer = wb.checks_of(&katas[..2]);
    let other = wb.xtask(&[
        "grade",
        class.path().to_str().unwrap(),
        "--trusted",
        fewer.path().to_str().unwrap(),
        "--out",
        out("other").to_str().unwrap(),
        "--shard",
        "2/2",
    ]);
    assert_eq!(other.status.code(), Some(0), "{}", text(&other));
    let mixed = wb.xtask(&[
        "grade-merge",
        out("part1").to_str().unwrap(),
        out("other").to_str().unwrap(),
        "--out",
        out("bad").to_str().unwrap(),
    ]);
    assert_eq!(mixed.status.code(), Some(2), "{}", text(&mixed));
    assert!(
        text(&mixed).contains("different check data"),
        "{}",
        text(&mixed)
    );
    // A part graded at a deadline is not joined to one graded as the folders are.
    let at_deadline = grade(
        &["--shard", "2/2", "--deadline", "2026-12-01 23:59"],
        &out("late"),
    );
    assert_eq!(at_deadline.status.code(), Some(0), "{}", text(&at_deadline));
    let picks = wb.xtask(&[
        "grade-merge",
        out("part1").to_str().unwrap(),
        out("late").to_str().unwrap(),
        "--out",
        out("bad").to_str().unwrap(),
    ]);
    assert_eq!(picks.status.code(), Some(2), "{}", text(&picks));
    assert!(text(&picks).contains("different picks"), "{}", text(&picks));
    assert!(!out("bad").exists());

    for bad in ["0/2", "3/2", "2", "x/2"] {
        let refused = grade(&["--shard", bad], &out("bad"));
        assert_eq!(refused.status.code(), Some(2), "{bad}: {}", text(&refused));
        assert!(
            text(&refused).contains("give I/N"),
            "{bad}: {}",
            text(&refused)
        );
    }
    // More parts than students: an empty part, which the merge still takes.
    let parts: Vec<PathBuf> = (1..=4).map(|i| out(&format!("of4-{i}"))).collect();
    for (i, part) in parts.iter().enumerate() {
        let shard = format!("{}/4", i + 1);
        let graded = grade(&["--shard", &shard], part);
        assert_eq!(graded.status.code(), Some(0), "{}", text(&graded));
    }
    let mut args = vec!["grade-merge".to_string()];
    args.extend(parts.iter().map(|p| p.display().to_string()));
    args.extend(["--out".to_string(), out("of4").display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let merged = wb.xtask(&args);
    assert_eq!(merged.status.code(), Some(0), "{}", text(&merged));
    assert_eq!(
        csv("of4"),
        csv("whole"),
        "{}",
        std::fs::read_to_string(out("of4").join("grades.json")).unwrap_or_default()
    );
}

/// `--trusted <rev>` is a revision of the teacher's workbook: without a git
/// repository there it is refused with a clear message; with one, its
/// `checks/` grade the class.
#[test]
fn a_trusted_revision_is_looked_up_in_the_teachers_workbook() {
    let wb = TempWorkbook::new();
    let (_parent, handout) = wb.handout();
    let class = tempfile::tempdir().unwrap();
    copy_tree(&handout, &class.path().join("ana"));
    let results = tempfile::tempdir().unwrap();
    let grade = || {
        wb.xtask(&[
            "grade",
            class.path().to_str().unwrap(),
            "--trusted",
            "HEAD",
            "--out",
            results.path().to_str().unwrap(),
        ])
    };
    let refused = grade();
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(
        text(&refused).contains("is not a git repository"),
        "{}",
        text(&refused)
    );
    assert!(!results.path().join("grades.csv").exists());

    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=Teacher", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(wb.root())
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", text(&out));
    };
    git(&["init", "--quiet"]);
    git(&["add", "checks"]);
    git(&["commit", "--quiet", "-m", "Checks"]);
    let graded = grade();
    assert_eq!(graded.status.code(), Some(0), "{}", text(&graded));
    let csv = std::fs::read_to_string(results.path().join("grades.csv")).unwrap();
    assert!(csv.lines().nth(1).unwrap().starts_with("ana,"), "{csv}");
    assert_eq!(csv.lines().count(), 2, "{csv}");
}

/// A student whose katas send a UDP datagram to the teacher's loopback
/// port, connect to a Unix socket the teacher listens on outside the box,
/// and start threads without end: the first two are refused and nothing
/// arrives, the third stops at the process cap; an honest classmate graded
/// in the same run gets full marks.
#[cfg(target_os = "linux")]
#[test]
fn a_hostile_student_is_refused_and_capped_and_an_honest_one_gets_full_marks() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let katas: Vec<&Kata> = catalog.katas.iter().take(3).collect();
    let trusted = wb.checks_of(&katas);
    let (_parent, handout) = wb.handout();
    let class = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();

    let udp = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    udp.set_nonblocking(true).unwrap();
    let port = udp.local_addr().unwrap().port();
    let socket_path = outside.path().join("teacher.sock");
    let unix = std::os::unix::net::UnixListener::bind(&socket_path).unwrap();
    unix.set_nonblocking(true).unwrap();

    let honest = class.path().join("honest");
    copy_tree(&handout, &honest);
    for kata in &katas {
        std::fs::copy(wb.root().join(&kata.solution), honest.join(&kata.path)).unwrap();
    }
    let hostile = class.path().join("hostile");
    copy_tree(&handout, &hostile);
    let programs = [
        format!(
            "fn main() {{\n    let socket = std::net::UdpSocket::bind(\"127.0.0.1:0\").expect(\"a socket\");\n    \
             socket.send_to(b\"escaped\", \"127.0.0.1:{port}\").expect(\"sent\");\n}}\n"
        ),
        format!(
            "fn main() {{\n    std::os::unix::net::UnixStream::connect({:?}).expect(\"connected\");\n}}\n",
            socket_path.display().to_string()
        ),
        "fn main() {\n    let mut threads = Vec::new();\n    for _ in 0..20_000 {\n        \
         threads.push(\n            std::thread::Builder::new()\n                .stack_size(64 * 1024)\n                \
         .spawn(|| std::thread::sleep(std::time::Duration::from_secs(600)))\n                \
         .expect(\"failed to spawn thread\"),\n        );\n    }\n    println!(\"{} threads\", threads.len());\n}\n"
            .to_string(),
    ];
    for (kata, program) in katas.iter().zip(&programs) {
        std::fs::write(hostile.join(&kata.path), program).unwrap();
    }

    let out_dir = tempfile::tempdir().unwrap();
    let graded = wb.xtask(&[
        "grade",
        class.path().to_str().unwrap(),
        "--trusted",
        trusted.path().to_str().unwrap(),
        "--out",
        out_dir.path().to_str().unwrap(),
    ]);
    assert_eq!(graded.status.code(), Some(0), "{}", text(&graded));
    let grades = json(&out_dir.path().join("grades.json"));
    let student = |name: &str| {
        grades["students"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["student"] == name)
            .unwrap_or_else(|| panic!("no {name}: {grades}"))
            .clone()
    };
    let honest = student("honest");
    assert_eq!(honest["report"]["score"], 3, "{honest}");
    assert_eq!(honest["report"]["status"], "pass", "{honest}");

    let hostile = student("hostile");
    let tests = hostile["report"]["tests"].as_array().unwrap();
    let status = |i: usize| tests[i]["status"].as_str().unwrap().to_string();
    assert_eq!(status(0), "refused", "{}", tests[0]);
    assert_eq!(status(1), "refused", "{}", tests[1]);
    // A thread bomb is stopped by the cap on processes and threads (as
    // root, the student's pids cgroup: far below the memory cap).
    assert_eq!(status(2), "limit", "{}", tests[2]);
    assert!(
        tests[2]["message"]
            .as_str()
            .unwrap()
            .contains("cap on processes and threads"),
        "{}",
        tests[2]
    );
    assert_eq!(hostile["report"]["score"], 0, "{hostile}");
    assert!(udp.recv(&mut [0; 16]).is_err(), "a datagram got out");
    assert!(unix.accept().is_err(), "a connection got out");
}

/// Every process a student's code starts ends with its kata, and nothing of
/// the teacher's environment reaches the student's code or the reports: a
/// kata that passes while leaving a detached process behind (double fork
/// and `setsid`), and one that prints its environment, the environment and
/// command line of every process it can see in `/proc`, and a variable of
/// the teacher's read at compile time (`option_env!`).
#[cfg(target_os = "linux")]
#[test]
fn a_students_processes_end_with_the_kata_and_the_teachers_environment_stays_out() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let katas: Vec<&Kata> = catalog.katas.iter().take(3).collect();
    let trusted = wb.checks_of(&katas);
    let (_parent, handout) = wb.handout();
    let class = tempfile::tempdir().unwrap();
    // A classmate whose katas flood stderr, hold threads at the process cap
    // (ignoring the failed spawns, waiting for the others) and sleep.
    let noisy = class.path().join("noisy");
    copy_tree(&handout, &noisy);
    for (kata, program) in katas.iter().zip([
        "use std::io::Write;\nfn main() {\n    let block = vec![b'x'; 1 << 20];\n    \
         for _ in 0..200 {\n        let _ = std::io::stderr().write_all(&block);\n    }\n}\n",
        "fn main() {\n    let mut threads = Vec::new();\n    for _ in 0..20_000 {\n        \
         if let Ok(t) = std::thread::Builder::new()\n            .stack_size(64 * 1024)\n            \
         .spawn(|| std::thread::sleep(std::time::Duration::from_secs(600)))\n        {\n            \
         threads.push(t);\n        }\n    }\n    for t in threads {\n        let _ = t.join();\n    }\n}\n",
        "fn main() {\n    std::thread::sleep(std::time::Duration::from_secs(3600));\n}\n",
    ]) {
        std::fs::write(noisy.join(&kata.path), program).unwrap();
    }
    let sneaky = class.path().join("sneaky");
    copy_tree(&handout, &sneaky);
    // A correct solution that also leaves a process behind, detached.
    let marker = format!("{}", 800_000 + std::process::id() % 100_000);
    let solution = std::fs::read_to_string(wb.root().join(&katas[0].solution)).unwrap();
    let leaves = solution.replacen(
        "fn main() {",
        &format!(
            "fn main() {{\n    let _ = std::process::Command::new(\"setsid\")\n        \
             .args([\"sh\", \"-c\", \"sleep {marker} & sleep {marker}\"])\n        \
             .stdin(std::process::Stdio::null())\n        \
             .stdout(std::process::Stdio::null())\n        \
             .stderr(std::process::Stdio::null())\n        .spawn();"
        ),
        1,
    );
    assert_ne!(leaves, solution, "the solution has a main");
    std::fs::write(sneaky.join(&katas[0].path), leaves).unwrap();
    std::fs::write(
        sneaky.join(&katas[1].path),
        "fn main() {\n    \
         println!(\"compiled with {:?}\", option_env!(\"WORKBOOK_TEST_SECRET\"));\n    \
         for (k, v) in std::env::vars() {\n        println!(\"env {k}={v}\");\n    }\n    \
         let mut pids = Vec::new();\n    \
         let own = std::fs::read_to_string(\"/proc/self/status\").unwrap_or_default();\n    \
         println!(\"self {}\", own.lines().next().unwrap_or(\"\"));\n    \
         for entry in std::fs::read_dir(\"/proc\").into_iter().flatten().flatten() {\n        \
         let name = entry.file_name().to_string_lossy().into_owned();\n        \
         if name.parse::<u32>().is_err() {\n            continue;\n        }\n        \
         pids.push(name);\n        \
         for file in [\"environ\", \"cmdline\"] {\n            \
         if let Ok(bytes) = std::fs::read(entry.path().join(file)) {\n                \
         println!(\"{file} {}\", String::from_utf8_lossy(&bytes).replace('\\0', \" \"));\n            }\n        }\n    }\n    \
         println!(\"pids {}\", pids.join(\" \"));\n}\n",
    )
    .unwrap();

    let secret = "s3cret-of-the-teacher-0451";
    let out_dir = tempfile::tempdir().unwrap();
    let feedback = out_dir.path().join("feedback");
    let graded = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "grade",
            class.path().to_str().unwrap(),
            "--trusted",
            trusted.path().to_str().unwrap(),
            "--out",
            out_dir.path().to_str().unwrap(),
            "--feedback",
            feedback.to_str().unwrap(),
        ])
        .env("WORKBOOK_ROOT", wb.root())
        .env("CARGO_TARGET_DIR", wb.root().join("target"))
        .env("WORKBOOK_NO_BACKGROUND_BUILD", "1")
        .env("NO_COLOR", "1")
        .env("WORKBOOK_TEST_SECRET", secret)
        .output()
        .expect("the runner starts");
    assert_eq!(graded.status.code(), Some(0), "{}", text(&graded));
    assert!(!text(&graded).contains(secret), "{}", text(&graded));
    for report in [
        "grades.json",
        "grades.csv",
        "grades.html",
        "feedback/sneaky.txt",
        "feedback/noisy.txt",
    ] {
        let written = std::fs::read_to_string(out_dir.path().join(report)).unwrap();
        assert!(!written.contains(secret), "{report} holds the secret");
    }
    let grades = json(&out_dir.path().join("grades.json"));
    let student = |name: &str| {
        grades["students"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["student"] == name)
            .unwrap_or_else(|| panic!("no {name}: {grades}"))
            .clone()
    };

    // The flood is said, the thread bomb is the process cap, the sleeper
    // is asleep, not deadlocked.
    let noisy = student("noisy");
    let loud = noisy["report"]["tests"].as_array().unwrap();
    assert!(
        loud[0]["sandbox_events"][0]
            .as_str()
            .is_some_and(|e| e.contains("more than 1 MiB to stdout or stderr")),
        "{}",
        loud[0]
    );
    assert_eq!(loud[1]["status"], "limit", "{}", loud[1]);
    assert!(
        loud[1]["message"]
            .as_str()
            .unwrap()
            .contains("cap on processes and threads"),
        "{}",
        loud[1]
    );
    assert_eq!(loud[2]["status"], "timeout", "{}", loud[2]);
    let asleep = loud[2]["message"].as_str().unwrap();
    assert!(asleep.contains("asleep"), "{asleep}");
    assert!(!asleep.contains("deadlock,"), "{asleep}");

    // Each feedback file is its student's own.
    let noisy_feedback = std::fs::read_to_string(feedback.join("noisy.txt")).unwrap();
    assert!(
        noisy_feedback.starts_with("Grades of noisy\n"),
        "{noisy_feedback}"
    );
    assert!(
        noisy_feedback.contains(&format!("{} (0/1): limit: ", katas[1].name)),
        "{noisy_feedback}"
    );
    assert!(!noisy_feedback.contains("sneaky"), "{noisy_feedback}");

    let sneaky = student("sneaky");
    let tests = sneaky["report"]["tests"].as_array().unwrap();
    assert_eq!(tests[0]["status"], "pass", "{}", tests[0]);
    // Passed, and said to have left a process running.
    assert_eq!(
        tests[0]["sandbox_events"][0],
        "it left a process running after it ended; the process was stopped",
        "{}",
        tests[0]
    );
    let page = std::fs::read_to_string(out_dir.path().join("grades.html")).unwrap();
    assert!(
        page.contains("Also: it left a process running after it ended"),
        "{page}"
    );
    // The kata ran, and saw its own process only.
    let output = tests[1]["output"].as_str().unwrap();
    assert!(output.contains("compiled with None"), "{output}");
    assert!(output.contains("env PATH="), "{output}");
    let pids: Vec<&str> = output
        .lines()
        .find_map(|l| l.strip_prefix("pids"))
        .unwrap_or_else(|| panic!("{output}"))
        .split_whitespace()
        .collect();
    // Its own `/proc/<pid>` only: no other process is listed, not even
    // its student's grading runner or cargo.
    assert!(pids.is_empty(), "{} processes seen: {output}", pids.len());
    assert!(output.contains("self Name:"), "{output}");
    assert!(
        !pids.contains(&std::process::id().to_string().as_str()),
        "the kata sees the teacher's processes: {output}"
    );
    // Nothing the student started is still running.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let survivors: Vec<String> = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.contains(&format!("sleep {marker}")))
        .collect();
    assert!(survivors.is_empty(), "still running: {survivors:?}");
}

/// A student stopped by `--student-timeout` keeps the katas judged by
/// then, and takes every process of theirs along: a kata that detaches a
/// process and then sleeps past the student's time limit (its own is made
/// longer) leaves nothing running, and no cgroup of the grading is left.
#[cfg(target_os = "linux")]
#[test]
fn a_student_stopped_at_the_time_limit_keeps_what_was_judged_and_leaves_nothing() {
    use std::io::Read;
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let katas: Vec<&Kata> = catalog.katas.iter().take(2).collect();
    let trusted = wb.checks_of(&katas);
    let catalog_file = trusted.path().join("checks/katas.toml");
    let mut table: toml::Table = std::fs::read_to_string(&catalog_file)
        .unwrap()
        .parse()
        .unwrap();
    table["kata"].as_array_mut().unwrap()[1]
        .as_table_mut()
        .unwrap()
        .insert("timeout_ms".into(), toml::Value::Integer(600_000));
    std::fs::write(&catalog_file, toml::to_string(&table).unwrap()).unwrap();
    let (_parent, handout) = wb.handout();
    let class = tempfile::tempdir().unwrap();
    let slow = class.path().join("slow");
    copy_tree(&handout, &slow);
    std::fs::copy(
        wb.root().join(&katas[0].solution),
        slow.join(&katas[0].path),
    )
    .unwrap();
    let marker = format!("{}", 700_000 + std::process::id() % 100_000);
    std::fs::write(
        slow.join(&katas[1].path),
        format!(
            "fn main() {{\n    let _ = std::process::Command::new(\"setsid\")\n        \
             .args([\"sleep\", \"{marker}\"])\n        .stdin(std::process::Stdio::null())\n        \
             .stdout(std::process::Stdio::null())\n        .stderr(std::process::Stdio::null())\n        \
             .spawn();\n    std::thread::sleep(std::time::Duration::from_secs(3600));\n}}\n"
        ),
    )
    .unwrap();

    let out_dir = tempfile::tempdir().unwrap();
    let mut grade = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "grade",
            class.path().to_str().unwrap(),
            "--trusted",
            trusted.path().to_str().unwrap(),
            "--out",
            out_dir.path().to_str().unwrap(),
            "--student-timeout",
            "120",
        ])
        .env("WORKBOOK_ROOT", wb.root())
        .env("CARGO_TARGET_DIR", wb.root().join("target"))
        .env("WORKBOOK_NO_BACKGROUND_BUILD", "1")
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the runner starts");
    let grader = grade.id();
    let running = |pattern: &str| -> Vec<String> {
        std::fs::read_dir("/proc")
            .unwrap()
            .flatten()
            .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
            .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
            .filter(|c| c.contains(pattern))
            .collect()
    };
    // The detached process is seen running while the student is graded.
    let mut seen = false;
    let graded = loop {
        seen = seen || !running(&format!("sleep {marker}")).is_empty();
        if let Some(status) = grade.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    let mut output = String::new();
    for stream in [
        grade
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn std::io::Read>),
        grade
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn std::io::Read>),
    ]
    .into_iter()
    .flatten()
    {
        let mut stream = stream;
        stream.read_to_string(&mut output).unwrap();
    }
    assert_eq!(graded.code(), Some(0), "{output}");
    assert!(seen, "the kata never started its process: {output}");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let left = running(&format!("sleep {marker}"));
    assert!(left.is_empty(), "still running: {left:?}");
    let cgroups: Vec<String> = std::fs::read_dir("/sys/fs/cgroup/pids")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(&format!("workbook-run-{grader}-")))
        .collect();
    assert!(cgroups.is_empty(), "left behind: {cgroups:?}");

    let grades = json(&out_dir.path().join("grades.json"));
    let student = &grades["students"][0];
    assert!(
        student["problem"]
            .as_str()
            .is_some_and(|p| p.contains("longer than 120 s")),
        "{student}"
    );
    let tests = student["report"]["tests"].as_array().unwrap();
    assert_eq!(tests[0]["status"], "pass", "{student}");
    assert_eq!(tests[1]["status"], "error", "{student}");
    assert_eq!(
        student["report"]["score"], tests[0]["max_score"],
        "{student}"
    );
    let csv = std::fs::read_to_string(out_dir.path().join("grades.csv")).unwrap();
    assert!(
        csv.contains(&format!("\nslow,{},pass,0,error,", tests[0]["max_score"])),
        "{csv}"
    );
}

/// Graded in the box, a kata judged on the records of its real runs is
/// judged on them: a program that prints the right lines but misses the
/// kata's point fails, and a right one passes on what its channels did, not
/// on its output alone.
#[test]
fn a_kata_judged_on_its_records_is_judged_so_in_the_box() {
    let wb = TempWorkbook::new();
    let catalog = wb.catalog();
    let kata = catalog.find("ignored_send").unwrap();
    let trusted = wb.checks_of(&[kata]);
    let (_parent, handout) = wb.handout();
    let class = tempfile::tempdir().unwrap();
    // Makes exactly the three tickets `main` takes: no send ever fails.
    let counting = class.path().join("counting");
    copy_tree(&handout, &counting);
    std::fs::copy(
        wb.root().join("xtask/attempts/ignored_send/fixed_three.rs"),
        counting.join(&kata.path),
    )
    .unwrap();
    let right = class.path().join("right");
    copy_tree(&handout, &right);
    std::fs::copy(wb.root().join(&kata.solution), right.join(&kata.path)).unwrap();

    let out_dir = tempfile::tempdir().unwrap();
    let graded = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "grade",
            class.path().to_str().unwrap(),
            "--trusted",
            trusted.path().to_str().unwrap(),
            "--out",
            out_dir.path().to_str().unwrap(),
        ])
        .env("WORKBOOK_ROOT", wb.root())
        .env("CARGO_TARGET_DIR", wb.root().join("target"))
        .env("WORKBOOK_NO_BACKGROUND_BUILD", "1")
        .env("NO_COLOR", "1")
        .output()
        .expect("the runner starts");
    assert_eq!(graded.status.code(), Some(0), "{}", text(&graded));
    let grades = json(&out_dir.path().join("grades.json"));
    let result = |name: &str| {
        grades["students"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["student"] == name)
            .unwrap_or_else(|| panic!("no {name}: {grades}"))["report"]["tests"][0]
            .clone()
    };
    let counting = result("counting");
    assert_eq!(counting["status"], "fail", "{counting}");
    assert!(
        counting["message"]
            .as_str()
            .unwrap()
            .contains("No send ever failed"),
        "{counting}"
    );
    let right = result("right");
    assert_eq!(right["status"], "pass", "{right}");
    assert_eq!(right["message"], "passed", "{right}");
}
