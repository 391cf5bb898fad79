//! The catalog: `checks/katas.toml`, the one file that declares the track.
//!
//! Adding a kata is a catalog entry plus its files; no runner code. Everything
//! the runner needs to know about a kata (where its files are, how the shipped
//! file fails, how a solved one is checked, hints) is read and validated here,
//! so the rest of the runner can trust a `Kata`.

mod problem;

pub use problem::{CatalogProblem, InvalidCatalog, NoSuchKata};

use crate::base::failure::{Doing, Failed, Thing};
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use serde::Deserialize;

/// The catalog format this runner understands.
pub const FORMAT_VERSION: u32 = 1;

/// Marks what the author still has to write; `curriculum` looks for it.
pub const PLACEHOLDER: &str = "TODO(author)";

/// Used when a kata sets no `timeout_ms`.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// The whole track, in order.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Where the check data was read from (`<root>/checks` unless `--trusted`).
    pub checks_dir: PathBuf,
    pub welcome: String,
    pub complete: String,
    pub katas: Vec<Kata>,
}

/// One kata of the track, validated.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kata {
    /// Also the name of the kata's binary target in `exercises/`.
    pub name: String,
    pub chapter: String,
    /// The learner's file, relative to the workspace root.
    pub path: PathBuf,
    /// The reference solution, relative to the workspace root.
    pub solution: PathBuf,
    /// One line: what the kata teaches.
    pub topic: String,
    /// How the file fails as shipped; `verify --shipped` holds the kata to it.
    pub shipped: ShippedFailure,
    /// The compiler error the shipped file stops at (for `shipped = "compile_error"`).
    #[serde(default)]
    pub error_code: Option<String>,
    /// How a kata that compiles and ends is judged.
    pub check: CheckKind,
    /// For `check = "bounded"`: the channel's capacity (0 is a rendezvous).
    #[serde(default)]
    pub bound: Option<usize>,
    /// Values drawn anew for every run, passed as `KATA_<NAME>` (see `exercises/kata.rs`).
    #[serde(default)]
    pub params: BTreeMap<String, ParamRange>,
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    /// Checked runs per check. More than one where a wrong program is only caught
    /// with some probability per run (see "Why these invariants can never fail a correct program" in checks/README.md).
    #[serde(default = "one")]
    pub runs: u32,
    /// What a time-out most likely means in this kata, said to the learner.
    #[serde(default)]
    pub on_timeout: Option<String>,
    /// What `on_timeout` speaks of, so it is said only after a hang it fits
    /// (with `on_timeout`, and only with it).
    #[serde(default)]
    pub on_timeout_speaks_of: Option<TimeoutNote>,
    /// Also judge the kata under many thread schedules, not only the OS's
    /// (see `core::judge::explore_stage`). Only for katas that do not depend
    /// on real time: the explorer has no clock.
    #[serde(default)]
    pub explore: bool,
    /// For a kata marked `explore`: the bounded search every check makes
    /// first, and what it covers on the reference solution.
    #[serde(default)]
    pub bounded_search: Option<BoundedSearch>,
    /// For a kata not explored: why, in plain words, said when its schedules
    /// are asked for (`trace`, `step`, `t` in `watch`).
    #[serde(default)]
    pub unexplored: Option<String>,
    /// What the kata's point is, observed on the channels themselves: under
    /// the explorer, or on the records of real runs where it does not
    /// search the program (see `core::checks::channels`).
    #[serde(default)]
    pub channels: Vec<ChannelFact>,
    /// For `own_senders` in a kata without a `producers` parameter: how many
    /// threads send the messages, each on a Sender of its own.
    #[serde(default)]
    pub senders: Option<usize>,
    /// For `shared_queue` and `counts_under_lock` in a kata without a
    /// `workers` parameter: how many worker threads it has.
    #[serde(default)]
    pub workers: Option<usize>,
    /// For a `delivery` check: the line `main` prints once the stream is
    /// over, after every `recv` line (`done`).
    #[serde(default)]
    pub closing_line: Option<String>,
    #[serde(default = "one")]
    pub points: u32,
    pub hints: Vec<String>,
    #[serde(default)]
    pub docs: Vec<String>,
    /// The kata's own note for a compiler error code, said after the note
    /// derived from the diagnostic itself (`compiler_notes = { E0382 = "..." }`).
    #[serde(default)]
    pub compiler_notes: BTreeMap<String, String>,
}

/// How a shipped kata fails before the learner fixes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShippedFailure {
    /// Does not compile; the error code is the kata's topic.
    CompileError,
    /// Never ends (a deadlock or a receiving loop that waits forever).
    Hang,
    /// Runs, but its output breaks the kata's invariant.
    WrongOutput,
    /// Runs and panics.
    Panics,
}

/// How the output of a finished run is turned into facts for the snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// The program is deterministic: its whole stdout is the snapshot.
    Output,
    /// Deterministic lines in any order: the sorted stdout is the snapshot.
    SortedLines,
    /// `recv <producer> <seq>` lines: every message exactly once, each
    /// producer's order kept, no order across producers assumed.
    Delivery,
    /// `sent <seq>` and `recv <seq>` lines: delivery as above, and the producer
    /// never further ahead of the consumer than `bound` allows.
    Bounded,
}

/// What a kata's `on_timeout` note speaks of: the runner says the note after
/// a hang only where it fits what was seen (a thread that kept running is
/// not told about a `recv` that waits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeoutNote {
    /// A thread that keeps running: a loop that never waits or never stops.
    Busy,
    /// A `send` from the only thread that could receive.
    SendAlone,
    /// A `send` that waits: for room, or for a receiver.
    SendWait,
    /// A receive that waits while a Sender lives on.
    Recv,
    /// A chain of threads, each waiting for the one before it.
    Chain,
    /// Threads that each wait in `recv` for a message another sends only
    /// after its own wait: nobody sends first.
    RecvCycle,
}

/// A fact of a kata observed on its channels and locks, on every thread
/// schedule the explorer tries or every recorded real run (see
/// `core::checks::channels`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelFact {
    /// Every `recv` line printed is backed by a message really received.
    ReceiptsBacked,
    /// No channel that carries messages can hold more than the kata's `bound`.
    WithinBound,
    /// A receiving loop ends because every Sender is gone, not by counting.
    EndsOnDisconnect,
    /// Every channel that carries messages is received from until every
    /// Sender is gone: each stage of a chain, not just one loop.
    EachEndsOnDisconnect,
    /// No thread holds a lock while it sends, prints or waits on anything
    /// but the receive it took the lock for.
    NoWorkUnderLock,
    /// A send that fails because the receiver is gone makes its thread stop,
    /// without a panic.
    StopsWhenClosed,
    /// Messages go from one thread to another: at least one does, and no
    /// thread receives on a channel it sends on itself.
    FromAnotherThread,
    /// The messages are sent by as many threads as the kata has producers
    /// (`producers`, or the kata's `senders`).
    OwnSenders,
    /// A channel that carries nothing, closed as a signal: a receive saw it
    /// closed, and nothing was ever sent on it.
    ClosesAsSignal,
    /// Every `kept for later:` line is a job a failed `send` gave back.
    KeptFromFailedSends,
    /// A send met the closed channel: the producer stopped because the
    /// receiver was gone, not on its own.
    MeetsClosedChannel,
    /// `main` polls: its receives are `try_recv`/`try_iter` only, and one
    /// found the channel empty.
    PollsOnly,
    /// Every `accepted` and `shed` line is a `try_send` that returned `Ok`
    /// or `Full`.
    ShedsWithTrySend,
    /// `main` sends a request per answer it prints, and receives each answer
    /// from the thread that took the requests.
    ReplyPerAnswer,
    /// No channel carries more than one message.
    OneMessagePerChannel,
    /// A producer panics (its batch holds a word that is not a number).
    ProducerPanics,
    /// At least two threads take jobs: threads that receive and send nothing.
    SeveralConsumers,
    /// The job queue is shared: as many threads receive on one channel as
    /// the kata has `workers`.
    SharedQueue,
    /// Every `queued:` line is an order another thread than `main` received.
    QueuedReceived,
    /// A pipeline's stages are threads apart: at least two channels carry
    /// messages (three stages hand each item over twice).
    StagesApart,
    /// The count is shared state: no channel carries a message, and as many
    /// threads other than `main` take one lock as the kata has `workers`.
    CountsUnderLock,
    /// Every message received came through a `select!` arm, and one
    /// `select!` waited on every channel that carried messages at once.
    Selects,
    /// `Timeout` means wait again, `Disconnected` means stop: a loop that
    /// waits with `recv_timeout` ends on `Disconnected` returned by it, never
    /// right after a `Timeout`, and never receives again after `Disconnected`.
    TimeoutMeansWait,
}

/// The bounded search of an explored kata: every schedule with at most
/// `preemptions` preemptions, at `params` (see "How the checks work" in
/// `docs/checks.md`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoundedSearch {
    /// The parameters it runs at; one not named is at the low end of its
    /// range. Below the range is allowed: small numbers keep every schedule
    /// within reach, and what the check looks for shows with them as well.
    #[serde(default)]
    pub params: BTreeMap<String, usize>,
    /// Every schedule with at most this many preemptions is run.
    pub preemptions: usize,
    /// How many schedules those are for the reference solution: measured,
    /// and held to by `xtask/tests/bounded.rs` (the search is deterministic).
    pub schedules: u64,
}

/// An inclusive range `[low, high]` from which a parameter is drawn per run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "[usize; 2]")]
pub struct ParamRange {
    pub low: usize,
    pub high: usize,
}

/// A `[low, high]` range of a parameter with `low > high` (worded in
/// `render::catalog`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmptyRange {
    pub low: usize,
    pub high: usize,
}

impl TryFrom<[usize; 2]> for ParamRange {
    type Error = EmptyRange;
    fn try_from([low, high]: [usize; 2]) -> Result<Self, EmptyRange> {
        if low > high {
            return Err(EmptyRange { low, high });
        }
        Ok(Self { low, high })
    }
}

fn default_timeout_ms() -> u64 {
    DEFAULT_TIMEOUT.as_millis() as u64
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    format_version: u32,
    welcome: String,
    complete: String,
    #[serde(rename = "kata")]
    katas: Vec<Kata>,
}

impl Kata {
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }

    /// The kata's `on_timeout` note and what it speaks of.
    pub fn timeout_note(&self) -> Option<(&str, TimeoutNote)> {
        Some((self.on_timeout.as_deref()?, self.on_timeout_speaks_of?))
    }

    /// Name of the solution's binary target in `solutions/`.
    pub fn solution_bin(&self) -> String {
        format!("{}_solution", self.name)
    }

    /// Name of the shipped copy's binary target in `checks/`.
    pub fn shipped_bin(&self) -> String {
        format!("{}_shipped", self.name)
    }

    /// The pristine shipped file, inside the checks directory.
    pub fn shipped_path(&self, checks_dir: &Path) -> PathBuf {
        checks_dir.join("shipped").join(format!("{}.rs", self.name))
    }

    /// The snapshot of the facts a passing run must produce.
    pub fn snapshot_path(&self, checks_dir: &Path) -> PathBuf {
        checks_dir
            .join("snapshots")
            .join(format!("{}.snap", self.name))
    }
}

impl fmt::Display for ShippedFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::CompileError => "does not compile",
            Self::Hang => "never ends",
            Self::WrongOutput => "prints output that breaks the invariant",
            Self::Panics => "panics",
        })
    }
}

impl Catalog {
    /// Reads and validates `<checks_dir>/katas.toml`.
    pub fn load(checks_dir: &Path) -> Result<Self> {
        let file = checks_dir.join("katas.toml");
        let text = std::fs::read_to_string(&file)
            .with_context(|| Failed::on_the(Doing::Read, Thing::Catalog, &file))?;
        Self::parse(&text, checks_dir).with_context(|| InvalidCatalog(file.clone()))
    }

    pub fn parse(text: &str, checks_dir: &Path) -> Result<Self> {
        let file: CatalogFile = basic_toml::from_str(text)?;
        if file.format_version != FORMAT_VERSION {
            return Err(CatalogProblem::FormatVersion {
                found: file.format_version,
                reads: FORMAT_VERSION,
            }
            .into());
        }
        let catalog = Self {
            checks_dir: checks_dir.to_path_buf(),
            welcome: file.welcome,
            complete: file.complete,
            katas: file.katas,
        };
        catalog.validate()?;
        Ok(catalog)
    }

    fn validate(&self) -> Result<(), CatalogProblem> {
        use CatalogProblem as P;
        let holds = |ok: bool, problem: CatalogProblem| if ok { Ok(()) } else { Err(problem) };
        holds(!self.katas.is_empty(), P::NoKata)?;
        let mut names = HashSet::new();
        for kata in &self.katas {
            let name = &kata.name;
            let named = || name.clone();
            holds(
                !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                P::BadName { name: named() },
            )?;
            holds(
                names.insert(name.as_str()),
                P::DeclaredTwice { name: named() },
            )?;
            holds(kata.hints.len() >= 2, P::FewHints { name: named() })?;
            holds(kata.runs >= 1, P::NoRuns { name: named() })?;
            holds(kata.timeout_ms > 0, P::NoTimeout { name: named() })?;
            match (kata.shipped, &kata.error_code) {
                (ShippedFailure::CompileError, None) => {
                    return Err(P::NoErrorCode { name: named() });
                }
                (ShippedFailure::CompileError, Some(code)) => holds(
                    code.len() == 5
                        && code.starts_with('E')
                        && code[1..].chars().all(|c| c.is_ascii_digit()),
                    P::BadErrorCode {
                        name: named(),
                        code: code.clone(),
                    },
                )?,
                (_, Some(_)) => return Err(P::ErrorCodeWithoutCompileError { name: named() }),
                (_, None) => {}
            }
            match (kata.check, kata.bound) {
                (CheckKind::Bounded, None) => return Err(P::BoundedWithoutBound { name: named() }),
                (CheckKind::Bounded, Some(_)) | (_, None) => {}
                (_, Some(_)) => return Err(P::BoundWithoutBounded { name: named() }),
            }
            if matches!(kata.check, CheckKind::Delivery | CheckKind::Bounded) {
                holds(
                    kata.params.contains_key("messages"),
                    P::NoMessages {
                        name: named(),
                        check: kata.check,
                    },
                )?;
            }
            holds(
                kata.on_timeout.is_some() == kata.on_timeout_speaks_of.is_some(),
                P::TimeoutNoteAlone { name: named() },
            )?;
            holds(
                kata.unexplored.is_none() || !kata.explore,
                P::UnexploredButExplored { name: named() },
            )?;
            // Without `explore`, a kata's bounded search is not run (a copy of
            // the catalog may turn exploring off and keep it).
            if let Some(search) = &kata.bounded_search {
                for (param, value) in &search.params {
                    let param = param.clone();
                    if !kata.params.contains_key(&param) {
                        return Err(P::SearchUnknownParam {
                            name: named(),
                            param,
                        });
                    }
                    holds(
                        *value >= 1,
                        P::SearchParamZero {
                            name: named(),
                            param,
                        },
                    )?;
                }
            }
            holds(
                !kata.channels.contains(&ChannelFact::WithinBound) || kata.bound.is_some(),
                P::WithinBoundWithoutBound { name: named() },
            )?;
        }
        Ok(())
    }

    /// The kata called `name`, or an error that suggests the closest names.
    pub fn find(&self, name: &str) -> Result<&Kata> {
        if let Some(kata) = self.katas.iter().find(|k| k.name == name) {
            return Ok(kata);
        }
        let mut close: Vec<(f64, &str)> = self
            .katas
            .iter()
            .map(|k| (strsim::jaro_winkler(name, &k.name), k.name.as_str()))
            .filter(|(score, _)| *score > 0.75)
            .collect();
        close.sort_by(|a, b| b.0.total_cmp(&a.0));
        Err(NoSuchKata {
            name: name.to_string(),
            closest: close.first().map(|(_, best)| best.to_string()),
        }
        .into())
    }

    /// The katas called `names`, in that order; every kata when none is named.
    pub fn select(&self, names: &[String]) -> Result<Vec<&Kata>> {
        if names.is_empty() {
            return Ok(self.katas.iter().collect());
        }
        names.iter().map(|name| self.find(name)).collect()
    }

    pub fn position(&self, name: &str) -> Option<usize> {
        self.katas.iter().position(|k| k.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "format_version = 1\nwelcome = \"hi\"\ncomplete = \"bye\"\n";

    fn kata(extra: &str) -> String {
        format!(
            "{HEADER}[[kata]]\nname = \"fan_in\"\nchapter = \"Basics\"\npath = \"exercises/a.rs\"\n\
             solution = \"solutions/a.rs\"\ntopic = \"t\"\nhints = [\"a\", \"b\"]\n{extra}"
        )
    }

    fn parse(text: &str) -> Result<Catalog> {
        Catalog::parse(text, Path::new("checks"))
    }

    #[test]
    fn a_complete_entry_parses_with_defaults() {
        let catalog = parse(&kata(
            "shipped = \"wrong_output\"\ncheck = \"delivery\"\nparams = { messages = [3, 6] }\n",
        ))
        .unwrap();
        let k = &catalog.katas[0];
        assert_eq!(k.timeout(), DEFAULT_TIMEOUT);
        assert_eq!(k.runs, 1);
        assert_eq!(k.points, 1);
        assert_eq!(k.params["messages"], ParamRange { low: 3, high: 6 });
        assert_eq!(k.solution_bin(), "fan_in_solution");
    }

    #[test]
    fn a_compile_error_kata_must_name_its_code() {
        let err = parse(&kata("shipped = \"compile_error\"\ncheck = \"output\"\n")).unwrap_err();
        assert!(err.to_string().contains("error_code"), "{err}");
        let err = parse(&kata(
            "shipped = \"compile_error\"\nerror_code = \"382\"\ncheck = \"output\"\n",
        ))
        .unwrap_err();
        assert!(err.to_string().contains("E0382"), "{err}");
    }

    #[test]
    fn a_bounded_check_needs_a_bound_and_messages() {
        let err = parse(&kata(
            "shipped = \"wrong_output\"\ncheck = \"bounded\"\nparams = { messages = [3, 6] }\n",
        ))
        .unwrap_err();
        assert!(err.to_string().contains("bound"), "{err}");
        let err = parse(&kata("shipped = \"wrong_output\"\ncheck = \"delivery\"\n")).unwrap_err();
        assert!(err.to_string().contains("messages"), "{err}");
    }

    #[test]
    fn explore_is_off_unless_asked_for() {
        let entry = "shipped = \"hang\"\ncheck = \"output\"\n";
        assert!(!parse(&kata(entry)).unwrap().katas[0].explore);
        assert!(
            parse(&kata(&format!("{entry}explore = true\n")))
                .unwrap()
                .katas[0]
                .explore
        );
        let err = parse(&kata(&format!("{entry}explore = \"yes\"\n"))).unwrap_err();
        assert!(format!("{err:#}").contains("explore"), "{err:#}");
        assert!(parse(&kata(&format!("{entry}explores = true\n"))).is_err());
    }

    #[test]
    fn a_bounded_search_sets_the_katas_own_params() {
        let entry =
            "shipped = \"wrong_output\"\ncheck = \"delivery\"\nparams = { messages = [3, 6] }\n";
        let search =
            "bounded_search = { params = { messages = 2 }, preemptions = 2, schedules = 60 }\n";
        let parsed = parse(&kata(&format!("{entry}explore = true\n{search}"))).unwrap();
        let found = parsed.katas[0].bounded_search.clone().unwrap();
        assert_eq!(found.params["messages"], 2);
        assert_eq!((found.preemptions, found.schedules), (2, 60));
        let other = search.replace("messages", "producers");
        let err = parse(&kata(&format!("{entry}explore = true\n{other}"))).unwrap_err();
        assert!(err.to_string().contains("`producers`"), "{err}");
    }

    #[test]
    fn unknown_fields_and_versions_are_rejected() {
        assert!(
            parse(&kata(
                "shipped = \"hang\"\ncheck = \"output\"\ncolour = 1\n"
            ))
            .is_err()
        );
        let text = kata("shipped = \"hang\"\ncheck = \"output\"\n").replace("= 1\n", "= 2\n");
        let err = parse(&text).unwrap_err();
        assert!(err.to_string().contains("format_version"), "{err}");
    }

    #[test]
    fn a_timeout_note_says_what_it_speaks_of() {
        let entry = "shipped = \"hang\"\ncheck = \"output\"\non_timeout = \"t\"\n";
        let err = parse(&kata(entry)).unwrap_err();
        assert!(err.to_string().contains("on_timeout_speaks_of"), "{err}");
        let catalog = parse(&kata(&format!("{entry}on_timeout_speaks_of = \"chain\"\n"))).unwrap();
        assert_eq!(
            catalog.katas[0].timeout_note(),
            Some(("t", TimeoutNote::Chain))
        );
        let alone = "shipped = \"hang\"\ncheck = \"output\"\non_timeout_speaks_of = \"recv\"\n";
        assert!(parse(&kata(alone)).is_err());
    }

    #[test]
    fn empty_ranges_are_rejected() {
        let err = parse(&kata(
            "shipped = \"hang\"\ncheck = \"delivery\"\nparams = { messages = [6, 3] }\n",
        ))
        .unwrap_err();
        assert!(format!("{err:#}").contains("empty"), "{err:#}");
    }

    #[test]
    fn unknown_names_get_a_suggestion() {
        let catalog = parse(&kata("shipped = \"hang\"\ncheck = \"output\"\n")).unwrap();
        let err = catalog.find("fanin").unwrap_err().to_string();
        assert!(err.contains("did you mean `fan_in`"), "{err}");
        let err = catalog.find("zzz").unwrap_err().to_string();
        assert!(!err.contains("did you mean"), "{err}");
    }
}
