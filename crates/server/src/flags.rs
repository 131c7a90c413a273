//! Every flag of `tandem serve` also comes from a `TANDEM_*` environment variable and from the
//! config file (`--config tandem.toml`), without the flag asking for it: the command's arguments
//! are walked once at start ([`layer`]), so a flag someone adds later gets its variable and its
//! file key by itself.
//!
//! Precedence, highest first: the command line, the environment, the file, the built-in default.
//! The variable is `TANDEM_` and the long name in capitals with `_` for `-` (`--code-ttl-secs` →
//! `TANDEM_CODE_TTL_SECS`); the file's keys are the long names (`code-ttl-secs = 600`). A
//! repeatable flag takes a list in the file and comma-separated values in its variable (items
//! with commas go in the file); a higher layer replaces a lower layer's whole list. Other subcommands take the variables and keys they
//! share with `serve` (`--data`, `--database`), so `tandem agent add` finds the server's store.
//!
//! The file is checked strictly before anything starts ([`ConfigFile::parse`]): an unknown key
//! (with the nearest known one), a value of the wrong type, or a value the flag's own parser
//! refuses is an error naming its line. `tandem config check FILE` runs the same checks.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use clap::{Arg, ArgAction, Command};
use toml::de::{DeTable, DeValue};

/// The subcommand whose flags define the file's keys.
pub const REFERENCE: &str = "serve";
/// The flag (and argument id) that names the config file.
pub const CONFIG_FLAG: &str = "config";
/// The variable that names the config file when `--config` is not given.
pub const CONFIG_ENV: &str = "TANDEM_CONFIG";
/// Largest config file read (it holds a few dozen settings).
const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// `TANDEM_` + the long flag name in capitals, `-` turned into `_`.
pub fn env_name(long: &str) -> String {
    format!("TANDEM_{}", long.to_ascii_uppercase().replace('-', "_"))
}

/// What the file gives one flag, as text its parser reads.
#[derive(Debug, Clone, PartialEq)]
pub enum FileValue {
    /// A switch (`demo = true`).
    Switch(bool),
    One(String),
    /// A repeatable flag's values (`domain = ["example.com", "example.co.uk"]`).
    Many(Vec<String>),
}

/// A config file that passed every check: long flag name → value.
#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub values: BTreeMap<String, FileValue>,
}

/// One thing wrong with a config file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// 1-based line of the key (None when the file cannot be read at all).
    pub line: Option<usize>,
    pub message: String,
}

/// Everything wrong with a config file, one line per problem.
#[derive(Debug, Clone)]
pub struct Problems {
    pub path: PathBuf,
    pub list: Vec<Problem>,
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.list.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match p.line {
                Some(line) => write!(f, "{}:{line}: {}", self.path.display(), p.message)?,
                None => write!(f, "{}: {}", self.path.display(), p.message)?,
            }
        }
        Ok(())
    }
}

impl ConfigFile {
    /// Reads and checks the file against the flags of `root`'s [`REFERENCE`] subcommand.
    pub fn read(path: &Path, root: &Command) -> Result<ConfigFile, Problems> {
        let fail = |message: String| Problems {
            path: path.to_path_buf(),
            list: vec![Problem {
                line: None,
                message,
            }],
        };
        let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(fail(format!(
                "too large ({} bytes; at most {MAX_FILE_BYTES})",
                meta.len()
            )));
        }
        let text = std::fs::read_to_string(path).map_err(|e| fail(format!("cannot read: {e}")))?;
        Self::parse(&text, path, root)
    }

    /// Checks `text` (TOML) against the flags of `root`'s [`REFERENCE`] subcommand.
    pub fn parse(text: &str, path: &Path, root: &Command) -> Result<ConfigFile, Problems> {
        let mut problems = Vec::new();
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let table = match DeTable::parse(text) {
            Ok(t) => t.into_inner(),
            Err(e) => {
                let line = e.span().map(|s| line_of(s.start));
                let message = e.message().trim().to_string();
                return Err(Problems {
                    path: path.to_path_buf(),
                    list: vec![Problem {
                        line,
                        message: format!("not valid TOML: {message}"),
                    }],
                });
            }
        };
        let flags = reference_flags(root);
        let mut values = BTreeMap::new();
        for (key, value) in table.iter() {
            let line = Some(line_of(key.span().start));
            let name: &str = key.get_ref();
            let Some(arg) = flags.get(name) else {
                problems.push(Problem {
                    line,
                    message: unknown_key(name, &flags),
                });
                continue;
            };
            match file_value(arg, value.get_ref()) {
                Ok(v) => {
                    values.insert(name.to_string(), v);
                }
                Err(why) => problems.push(Problem {
                    line,
                    message: format!("{name}: {why}"),
                }),
            }
        }
        problems.sort_by_key(|p| p.line);
        if problems.is_empty() {
            Ok(ConfigFile {
                path: path.to_path_buf(),
                values,
            })
        } else {
            Err(Problems {
                path: path.to_path_buf(),
                list: problems,
            })
        }
    }
}

/// The long flags of the reference subcommand that the file and the environment may set.
fn reference_flags(root: &Command) -> BTreeMap<String, Arg> {
    root.find_subcommand(REFERENCE)
        .map(|serve| {
            serve
                .get_arguments()
                .filter_map(|a| {
                    let long = a.get_long()?;
                    (settable(a) && long != CONFIG_FLAG).then(|| (long.to_string(), a.clone()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Help and version are not settings.
fn settable(arg: &Arg) -> bool {
    !matches!(
        arg.get_action(),
        ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
    )
}

fn unknown_key(name: &str, flags: &BTreeMap<String, Arg>) -> String {
    if name == CONFIG_FLAG {
        return "'config' cannot be set in a config file".into();
    }
    let dashed = name.replace('_', "-");
    if flags.contains_key(&dashed) {
        return format!(
            "unknown key '{name}'; did you mean '{dashed}'? (keys are the long flag names, with '-')"
        );
    }
    let nearest = flags
        .keys()
        .map(|k| (strsim::jaro_winkler(&dashed, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match nearest {
        Some((_, k)) => format!("unknown key '{name}'; did you mean '{k}'?"),
        None => format!(
            "unknown key '{name}' (`tandem {REFERENCE} --help` lists every flag; keys are the long names)"
        ),
    }
}

/// What a flag's parser produces, as far as the file's types go.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Integer,
    Float,
    Boolean,
    Text,
    /// A parser of its own: any scalar, read as text.
    Any,
}

impl Expect {
    fn of(arg: &Arg) -> Expect {
        use std::any::TypeId;
        let t = arg.get_value_parser().type_id();
        let ints = [
            TypeId::of::<u8>(),
            TypeId::of::<u16>(),
            TypeId::of::<u32>(),
            TypeId::of::<u64>(),
            TypeId::of::<usize>(),
            TypeId::of::<i8>(),
            TypeId::of::<i16>(),
            TypeId::of::<i32>(),
            TypeId::of::<i64>(),
            TypeId::of::<isize>(),
        ];
        if ints.iter().any(|i| t == *i) {
            Expect::Integer
        } else if t == TypeId::of::<f64>() || t == TypeId::of::<f32>() {
            Expect::Float
        } else if t == TypeId::of::<bool>() {
            Expect::Boolean
        } else if t == TypeId::of::<String>()
            || t == TypeId::of::<PathBuf>()
            || t == TypeId::of::<OsString>()
        {
            Expect::Text
        } else {
            Expect::Any
        }
    }

    fn name(self) -> &'static str {
        match self {
            Expect::Integer => "an integer",
            Expect::Float => "a number",
            Expect::Boolean => "true or false",
            Expect::Text | Expect::Any => "a string",
        }
    }
}

fn kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

/// The file's value for one flag, checked for type and by the flag's own parser.
fn file_value(arg: &Arg, value: &DeValue<'_>) -> Result<FileValue, String> {
    match arg.get_action() {
        ArgAction::SetTrue | ArgAction::SetFalse => match value {
            DeValue::Boolean(b) => Ok(FileValue::Switch(*b)),
            other => Err(format!("expected true or false, found {}", kind(other))),
        },
        ArgAction::Append => match value {
            DeValue::Array(items) => items
                .iter()
                .map(|item| scalar(arg, item.get_ref()))
                .collect::<Result<Vec<_>, _>>()
                .map(FileValue::Many),
            one => scalar(arg, one).map(|v| FileValue::Many(vec![v])),
        },
        _ => match value {
            DeValue::Array(_) => Err(format!(
                "takes one value, found a list (only repeatable flags take lists); expected {}",
                Expect::of(arg).name()
            )),
            one => scalar(arg, one).map(FileValue::One),
        },
    }
}

/// One value as the text the flag's parser reads, after its type and its parser agree.
fn scalar(arg: &Arg, value: &DeValue<'_>) -> Result<String, String> {
    let expect = Expect::of(arg);
    let text = match (expect, value) {
        (Expect::Text | Expect::Any, DeValue::String(s)) => s.to_string(),
        (Expect::Integer | Expect::Any, DeValue::Integer(i)) => {
            let digits = i.as_str().replace('_', "");
            i128::from_str_radix(&digits, i.radix())
                .map_err(|e| format!("invalid integer: {e}"))?
                .to_string()
        }
        (Expect::Float, DeValue::Integer(i)) => i.as_str().replace('_', ""),
        (Expect::Float | Expect::Any, DeValue::Float(f)) => f.as_str().replace('_', ""),
        (Expect::Boolean | Expect::Any, DeValue::Boolean(b)) => b.to_string(),
        (_, other) => return Err(format!("expected {}, found {}", expect.name(), kind(other))),
    };
    check_value(arg, &text)?;
    Ok(text)
}

/// Runs the flag's own parser (and its list of possible values) over `text`.
fn check_value(arg: &Arg, text: &str) -> Result<(), String> {
    let long = arg.get_long().unwrap_or("value");
    let probe = Arg::new("probe")
        .long(long.to_string())
        .action(ArgAction::Set)
        .value_parser(arg.get_value_parser().clone());
    let mut probe = Command::new("tandem").no_binary_name(true).arg(probe);
    match probe.try_get_matches_from_mut([format!("--{long}={text}")]) {
        Ok(_) => Ok(()),
        Err(e) => {
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            Err(first.trim_start_matches("error: ").to_string())
        }
    }
}

/// Puts the file's values where the command line parser reads them, as `TANDEM_*` variables,
/// each only when the environment does not set it already (the environment wins over the
/// file). The parser then counts them as given, so a flag that needs another (`--tls-cert`
/// needs `--tls-key`) is satisfied by the file as by the environment. Lists go the way of
/// [`add_lists`] instead, so an item keeps its commas.
///
/// # Safety
/// Changes the process environment: call it before any other thread runs.
pub unsafe fn export(file: &ConfigFile) {
    for (long, value) in &file.values {
        let name = env_name(long);
        if std::env::var_os(&name).is_some() {
            continue;
        }
        let text = match value {
            FileValue::Switch(on) => on.to_string(),
            FileValue::One(v) => v.clone(),
            FileValue::Many(_) => continue,
        };
        // SAFETY: the caller guarantees no other thread reads or writes the environment.
        unsafe { std::env::set_var(name, text) };
    }
}

/// The command line with the values of repeatable flags it does not give added at its end, as
/// if typed: from the flag's variable (comma-separated), else from the file's list (whose items
/// may hold commas). A repeatable flag on the command line replaces both; the variable replaces
/// the file. Only flags of the subcommand the command line names, and only those [`layer`] gives
/// a variable, are added.
pub fn add_lists(
    root: &Command,
    mut argv: Vec<OsString>,
    file: Option<&ConfigFile>,
) -> Vec<OsString> {
    let shared: BTreeSet<String> = reference_flags(root).into_keys().collect();
    // The subcommand path: `tandem serve …`, `tandem agent add …`.
    let mut cmd = root;
    for token in argv.iter().skip(1) {
        match token.to_str().and_then(|t| cmd.find_subcommand(t)) {
            Some(sub) => cmd = sub,
            None => break,
        }
    }
    if cmd.has_subcommands() || std::ptr::eq(cmd, root) {
        return argv;
    }
    let is_reference = cmd.get_name() == REFERENCE;
    let mut added = Vec::new();
    for arg in cmd.get_arguments() {
        let Some(long) = arg.get_long() else { continue };
        if !matches!(arg.get_action(), ArgAction::Append)
            || !(is_reference || shared.contains(long))
        {
            continue;
        }
        let flag = format!("--{long}");
        let given = argv.iter().skip(1).any(|a| {
            a.to_str()
                .is_some_and(|a| a == flag || a.starts_with(&format!("{flag}=")))
        });
        if given {
            continue;
        }
        let values: Vec<String> = match std::env::var(env_name(long)) {
            Ok(v) => v
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            Err(_) => match file.and_then(|f| f.values.get(long)) {
                Some(FileValue::Many(vs)) => vs.clone(),
                _ => Vec::new(),
            },
        };
        added.extend(
            values
                .into_iter()
                .map(|v| OsString::from(format!("{flag}={v}"))),
        );
    }
    if argv.iter().any(|a| a == "--") {
        return argv;
    }
    argv.extend(added);
    argv
}

/// Which layers [`layer`] adds besides the command line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Layers {
    /// Environment variables over the file (a real start).
    EnvAndFile,
    /// The file alone (`tandem config check`: the environment must not hide a mistake).
    FileOnly,
}

/// The root command with a `TANDEM_*` variable on every settable flag of [`REFERENCE`] (and on
/// the flags other subcommands share with it) and `--config FILE` where any of those exist.
/// With a `file`, its values become the flags' defaults: that is how `tandem config check`
/// reads a file alone; a real start passes the file through [`export`] instead.
pub fn layer(root: Command, file: Option<&ConfigFile>, layers: Layers) -> Command {
    let shared: BTreeSet<String> = reference_flags(&root).into_keys().collect();
    layer_command(root, &shared, file, layers, true)
}

fn layer_command(
    cmd: Command,
    shared: &BTreeSet<String>,
    file: Option<&ConfigFile>,
    layers: Layers,
    root: bool,
) -> Command {
    if cmd.has_subcommands() {
        return cmd.mut_subcommands(|sub| layer_command(sub, shared, file, layers, false));
    }
    if root {
        return cmd;
    }
    let is_reference = cmd.get_name() == REFERENCE;
    let mut layered = false;
    let cmd = cmd.mut_args(|arg| {
        let Some(long) = arg.get_long().map(str::to_string) else {
            return arg;
        };
        if !settable(&arg) || !(is_reference || shared.contains(&long)) {
            return arg;
        }
        layered = true;
        let mut arg = arg;
        if layers == Layers::EnvAndFile {
            // For a repeatable flag this names the variable in --help; its values are added to
            // the command line by [`add_lists`], split on commas, before the parser reads it.
            arg = arg.env(env_name(&long)).hide_env_values(true);
        }
        match file.and_then(|f| f.values.get(&long)) {
            Some(FileValue::Switch(on)) => arg.default_value(if *on { "true" } else { "false" }),
            Some(FileValue::One(v)) => arg.default_value(v.clone()).hide_default_value(true),
            Some(FileValue::Many(vs)) => arg
                .default_values(vs.iter().cloned())
                .hide_default_value(true),
            None => arg,
        }
    });
    if !layered {
        return cmd;
    }
    let config = Arg::new(CONFIG_FLAG)
        .long(CONFIG_FLAG)
        .value_name("FILE")
        .value_parser(clap::value_parser!(PathBuf))
        .help("A TOML file whose keys are these flags' long names (precedence: command line, then TANDEM_* variables, then this file)");
    cmd.arg(if layers == Layers::EnvAndFile {
        config.env(CONFIG_ENV).hide_env_values(true)
    } else {
        config
    })
}

/// The config file named by `--config FILE` (or `--config=FILE`) in `args`, else by
/// `TANDEM_CONFIG`; read before the command line is parsed, since the file's values become its
/// defaults. `tandem config …` ignores the variable (it names its file itself).
pub fn config_path(args: &[OsString]) -> Option<PathBuf> {
    let mut iter = args.iter().skip(1);
    while let Some(a) = iter.next() {
        let s = a.to_string_lossy();
        if s == "--" {
            break;
        }
        if s == "--config" {
            return iter.next().map(PathBuf::from);
        }
        if let Some(path) = s.strip_prefix("--config=") {
            return Some(PathBuf::from(path));
        }
    }
    let first = args
        .iter()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-'));
    if first.is_some_and(|a| a == "config") {
        return None;
    }
    std::env::var_os(CONFIG_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{ArgMatches, Parser, Subcommand};

    #[derive(Parser)]
    struct Cli {
        #[command(subcommand)]
        command: Cmd,
    }

    #[derive(Subcommand)]
    enum Cmd {
        Serve {
            #[arg(long, default_value = "127.0.0.1:8080")]
            listen: String,
            #[arg(long, default_value_t = 600)]
            code_ttl_secs: u64,
            #[arg(long = "domain")]
            domains: Vec<String>,
            #[arg(long)]
            demo: bool,
            #[arg(long, value_parser = ["text", "json"], default_value = "text")]
            log_format: String,
        },
        Other {
            #[arg(long)]
            listen: Option<String>,
            #[arg(long)]
            rights: Option<String>,
        },
    }

    fn root() -> Command {
        <Cli as clap::CommandFactory>::command()
    }

    fn problems(text: &str) -> Vec<Problem> {
        ConfigFile::parse(text, Path::new("t.toml"), &root())
            .unwrap_err()
            .list
    }

    fn serve(file: &str, args: &[&str]) -> ArgMatches {
        let file = ConfigFile::parse(file, Path::new("t.toml"), &root()).unwrap();
        let m = layer(root(), Some(&file), Layers::FileOnly)
            .try_get_matches_from(["tandem", "serve"].iter().chain(args))
            .unwrap();
        m.subcommand_matches("serve").unwrap().clone()
    }

    #[test]
    fn file_values_are_defaults_below_the_command_line() {
        let m = serve(
            "listen = \"0.0.0.0:1\"\ncode-ttl-secs = 60\ndomain = [\"a.com\", \"b.com\"]\ndemo = true\n",
            &["--listen", "127.0.0.1:2"],
        );
        assert_eq!(m.get_one::<String>("listen").unwrap(), "127.0.0.1:2");
        assert_eq!(*m.get_one::<u64>("code_ttl_secs").unwrap(), 60);
        let domains: Vec<&String> = m.get_many("domains").unwrap().collect();
        assert_eq!(domains, ["a.com", "b.com"]);
        assert!(m.get_flag("demo"));
    }

    #[test]
    fn unknown_keys_get_the_nearest_flag() {
        let p = problems("listen = \"x\"\nlisen = \"y\"\ncode_ttl_secs = 5\nzzz = 1\n");
        assert_eq!(p.len(), 3, "{p:?}");
        assert_eq!(p[0].line, Some(2));
        assert!(p[0].message.contains("did you mean 'listen'"), "{p:?}");
        assert!(
            p[1].message.contains("did you mean 'code-ttl-secs'"),
            "{p:?}"
        );
        assert!(p[2].message.contains("unknown key 'zzz'"), "{p:?}");
    }

    #[test]
    fn wrong_types_and_bad_values_are_named() {
        let p = problems(
            "demo = \"yes\"\ncode-ttl-secs = \"ten\"\nlisten = [\"a\"]\nlog-format = \"xml\"\ncode-ttl-secs = -5\n",
        );
        // A duplicate key is a TOML error, reported alone.
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("not valid TOML"), "{p:?}");
        let p = problems(
            "demo = \"yes\"\ncode-ttl-secs = \"ten\"\nlisten = [\"a\"]\nlog-format = \"xml\"\n",
        );
        assert_eq!(p.len(), 4, "{p:?}");
        assert!(
            p[0].message
                .contains("demo: expected true or false, found a string")
        );
        assert!(
            p[1].message
                .contains("code-ttl-secs: expected an integer, found a string")
        );
        assert!(
            p[2].message
                .contains("listen: takes one value, found a list")
        );
        assert!(p[3].message.contains("'xml'"), "{p:?}");
        let p = problems("code-ttl-secs = -5\n");
        assert!(p[0].message.contains("'-5'"), "{p:?}");
    }

    #[test]
    fn other_subcommands_take_only_the_shared_flags() {
        let file = ConfigFile::parse("listen = \"x:1\"", Path::new("t.toml"), &root()).unwrap();
        let cmd = layer(root(), Some(&file), Layers::EnvAndFile);
        let other = cmd.find_subcommand("other").unwrap();
        let listen = other
            .get_arguments()
            .find(|a| a.get_id() == "listen")
            .unwrap();
        assert_eq!(listen.get_env().unwrap(), "TANDEM_LISTEN");
        let rights = other
            .get_arguments()
            .find(|a| a.get_id() == "rights")
            .unwrap();
        assert!(rights.get_env().is_none());
    }

    #[test]
    fn list_items_keep_their_commas_and_the_command_line_replaces_the_file() {
        let file = ConfigFile::parse(
            "domain = [\"a.com\", \"cn=x,ou=y\"]\n",
            Path::new("t.toml"),
            &root(),
        )
        .unwrap();
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        let parse = |argv: Vec<OsString>| {
            let m = layer(root(), None, Layers::FileOnly)
                .try_get_matches_from(argv)
                .unwrap();
            let serve = m.subcommand_matches("serve").unwrap().clone();
            serve
                .get_many::<String>("domains")
                .map(|v| v.cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        let from_file = add_lists(&root(), args(&["tandem", "serve"]), Some(&file));
        assert_eq!(parse(from_file), ["a.com", "cn=x,ou=y"]);
        let typed = add_lists(
            &root(),
            args(&["tandem", "serve", "--domain", "b.com,c.com"]),
            Some(&file),
        );
        assert_eq!(parse(typed), ["b.com,c.com"]);
        // Another subcommand's lists are not the reference's.
        let other = add_lists(&root(), args(&["tandem", "other"]), Some(&file));
        assert_eq!(other, args(&["tandem", "other"]));
    }

    #[test]
    fn the_config_file_is_found_on_the_command_line() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            config_path(&args(&["tandem", "serve", "--config", "a.toml"])),
            Some(PathBuf::from("a.toml"))
        );
        assert_eq!(
            config_path(&args(&["tandem", "serve", "--config=b.toml"])),
            Some(PathBuf::from("b.toml"))
        );
    }
}
