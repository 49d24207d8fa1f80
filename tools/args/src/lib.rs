//! The small binaries' options, `--name value` and `--flag`, read one way. They take a handful
//! of options each, so a parser crate would cost more than it saves.

/// The process's arguments, without the program's name.
pub fn from_env() -> Vec<String> {
    std::env::args().skip(1).collect()
}

/// The value after `--name`, if given.
pub fn value<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.windows(2)
        .find(|w| w[0] == name)
        .map(|w| w[1].as_str())
}

/// The value after `--name`, or `default`.
pub fn value_or(args: &[String], name: &str, default: &str) -> String {
    value(args, name).unwrap_or(default).to_owned()
}

/// Whether `--flag` is given.
pub fn flag(args: &[String], name: &str) -> bool {
    args.iter().any(|a| a == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn values_flags_and_defaults() {
        let a = args("single-file --out x.html --profile");
        assert_eq!(value(&a, "--out"), Some("x.html"));
        assert_eq!(value_or(&a, "--dist", "dist"), "dist");
        assert!(flag(&a, "--profile"));
        assert!(!flag(&a, "--rounds"));
        // A name at the very end has no value.
        assert_eq!(value(&a, "--profile"), None);
    }
}
