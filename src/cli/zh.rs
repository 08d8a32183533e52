//! The command line's help in Chinese (`--lang zh`): every command and flag. The English help is the doc comments in `args.rs`; this table gives the
//! Chinese for each, by command and argument id, so a flag added there without a line here
//! keeps its English help (a test lists every argument and fails on one left out).

use clap::{Arg, ArgAction, Command};

/// Chinese help by command (`*`: any) and argument id.
const ARGS: &[(&str, &str, &str)] = &[
    ("*", "verbose", "出错时逐行列出原因；成功时说明写了什么"),
    ("*", "quiet", "只报告错误，不显示警告和进度"),
    (
        "*",
        "input",
        "输入文件（任意常见编码的 .txt、.docx、.html/.htm/.shtml 网页、有文字层的 .pdf、.ofd 或 gongwen .xml）；`-` 读标准输入",
    ),
    (
        "*",
        "encoding",
        "按此编码解码输入，不自动检测（utf-8、gb18030、big5、utf-16le …）",
    ),
    ("*", "lossy", "无法解码的字节替换为 U+FFFD，不中止"),
    (
        "*",
        "max_input",
        "拒绝大于此值的输入（字节数，或带 K、M、G：500M、2G）",
    ),
    ("convert", "output", "输出文件，`-` 为标准输出"),
    (
        "convert",
        "to",
        "输出格式；-o 为 `-` 或扩展名无法识别时必须给出",
    ),
    (
        "*",
        "highlight_figures",
        "DOCX：所有数字以黄色突出显示，便于校对",
    ),
    (
        "*",
        "fonts",
        "DOCX：使用公文字体（仿宋_GB2312、楷体_GB2312、方正小标宋简体）或各系统都有的字体",
    ),
    (
        "*",
        "fix_punctuation",
        "DOCX 和 PDF：中文中的半角 , : ; ( ) ? ! 印为全角（，：；（）？！）",
    ),
    (
        "convert",
        "pdfa",
        "PDF：写 PDF/A-2b（`2b`）或附带报告 XML 的 PDF/A-3b（`3b`）",
    ),
    (
        "*",
        "font",
        "PDF：某一角色的字体，`角色=路径`（body、title、heading1、heading2），可重复",
    ),
    (
        "*",
        "issuer_mark",
        "发文机关标志，如 `天津市静海区人民政府文件`",
    ),
    ("*", "doc_number", "发文字号，如 `静海政发〔2021〕5号`"),
    ("*", "signer", "签发人（上行文）"),
    ("*", "recipient", "主送机关，如 `天津市人民政府：`"),
    ("*", "signature", "发文机关署名"),
    ("*", "date", "成文日期，如 `2021年3月29日`"),
    (
        "*",
        "set",
        "其他要素，`键=文字`（可重复）：份号、密级、紧急程度、附注、抄送、印发 …",
    ),
    (
        "*",
        "form",
        "公文格式：standard（文件）、letter（信函）或 minutes（纪要）",
    ),
    ("*", "seal", "加盖印章：成文日期右空四字，署名居中于其上"),
    (
        "check",
        "more",
        "更多输入（文件或报告目录），以相同选项逐一核对",
    ),
    (
        "check",
        "format",
        "问题的输出格式：text、json、sarif 或 html（审阅页面）",
    ),
    (
        "*",
        "lang",
        "问题、审阅页面和帮助的语言（`--lang zh --help`）",
    ),
    ("check", "deny", "警告也视为不通过（`--deny warnings`）"),
    (
        "check",
        "allow",
        "不报告某条规则（可重复），如 `--allow style.punctuation`",
    ),
    (
        "check",
        "annotate",
        "把每个问题作为 Word 批注写入文档（需要 -o）",
    ),
    (
        "check",
        "output",
        "--annotate：审阅后的 DOCX；--format html：审阅页面（多个输入时为索引页）",
    ),
    (
        "archive",
        "inputs",
        "报告文件，或在其中查找报告的目录（.txt .docx .html .htm .shtml .pdf .ofd .xml）",
    ),
    ("archive", "output", "归档目录（需要时创建）"),
    (
        "archive",
        "format",
        "每份报告保存为 PDF/A（`pdf`）或附有其 XML 的 OFD-A（`ofd`）",
    ),
    ("archive", "jobs", "同时转换的文件数（默认每个 CPU 一个）"),
    (
        "archive",
        "pdfa",
        "PDF/A 级别：`3b` 把 XML 附入 PDF，`2b` 不附",
    ),
    (
        "archive",
        "review",
        "同时在 PDF 旁写出每份报告的审阅页面（名称.html，语言按 --lang）",
    ),
    (
        "archive",
        "shard",
        "只归档 N 份中的第 I 份（0 ≤ I < N，按输入相对路径的散列划分），清单为 DIR/manifest.I-of-N.jsonl；`auto` 从 Slurm 作业数组或 Kubernetes Indexed Job 取 I（和 N）。用 `archive merge DIR` 合并",
    ),
    (
        "archive",
        "shards",
        "环境只给出 I 时的分片总数 N（隐含 --shard auto）",
    ),
    ("merge", "dir", "各分片写入的归档目录"),
    ("figures", "format", "列表的输出格式"),
    ("completions", "shell", "shell 名称"),
];

/// Chinese about text by command.
const ABOUT: &[(&str, &str)] = &[
    ("gongwen", "读取、核对和转换公文"),
    ("convert", "把报告转换为另一种格式（按 -o 的扩展名或 --to）"),
    (
        "check",
        "核对报告中的数字；发现错误（或被 --deny 的警告）时退出码为 1",
    ),
    (
        "archive",
        "归档多份报告：附带 XML 的 PDF/A 或 OFD-A、XML 和带校验和的清单",
    ),
    (
        "merge",
        "检查一次运行的各分片是否齐全、已完成且一致，然后为整次运行写出 manifest.jsonl 和 SHA256SUMS",
    ),
    ("figures", "列出每个数字及其位置、类型、数值、单位和对象"),
    ("completions", "输出某个 shell 的补全脚本"),
    ("manpage", "输出手册页（roff）"),
];

/// The ids of the 公文 element flags, under their own heading.
const ELEMENTS: &[&str] = &[
    "issuer_mark",
    "doc_number",
    "signer",
    "recipient",
    "signature",
    "date",
    "set",
    "form",
    "seal",
];

const TEMPLATE: &str = "{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// Returns true if and only if the arguments ask for Chinese: `--lang zh` or `--lang=zh`.
pub fn asked(args: &[std::ffi::OsString]) -> bool {
    args.windows(2).any(|w| w[0] == "--lang" && w[1] == "zh")
        || args.iter().any(|a| a == "--lang=zh")
}

/// The command with its help in Chinese.
pub fn localize(command: Command) -> Command {
    translate(command, true)
}

fn translate(mut command: Command, top: bool) -> Command {
    let name = if top {
        "gongwen".to_string()
    } else {
        command.get_name().to_string()
    };
    if let Some((_, about)) = ABOUT.iter().find(|(c, _)| *c == name) {
        command = command.about(*about).long_about(None);
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let text = ARGS
            .iter()
            .find(|(c, a, _)| *c == name && *a == id)
            .or_else(|| ARGS.iter().find(|(c, a, _)| *c == "*" && *a == id));
        if let Some((_, _, text)) = text {
            let heading = if ELEMENTS.contains(&id.as_str()) {
                "公文要素"
            } else {
                "选项"
            };
            command = command.mut_arg(id, |a| {
                let heading = if a.is_positional() { "参数" } else { heading };
                a.help(*text).long_help(None).help_heading(heading)
            });
        }
    }
    // clap's own flags and headings, in Chinese too.
    command = command
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading("命令")
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        );
    if top {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in subcommands {
        command = command.mut_subcommand(sub, |s| translate(s, false));
    }
    command.help_template(TEMPLATE)
}

/// The Chinese of an error in a chain, where one is known: the library's errors of fixed text and
/// the common I/O errors. Other causes (a file name, a message with free text) stay as they are.
pub fn error_message(cause: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(e) = cause.downcast_ref::<gongwen::Error>() {
        return library_error(e);
    }
    cause.downcast_ref::<std::io::Error>().and_then(io_error)
}

fn io_error(e: &std::io::Error) -> Option<String> {
    use std::io::ErrorKind::*;
    Some(
        match e.kind() {
            NotFound => "没有这个文件或目录",
            PermissionDenied => "没有权限",
            IsADirectory => "这是目录",
            StorageFull | QuotaExceeded => "磁盘空间已满",
            FileTooLarge => "文件过大",
            ReadOnlyFilesystem => "文件系统只读",
            _ => return None,
        }
        .to_string(),
    )
}

fn library_error(e: &gongwen::Error) -> Option<String> {
    use gongwen::Error;
    Some(match e {
        Error::Io(e) => return io_error(e),
        Error::Empty => "输入为空".to_string(),
        Error::Decode {
            encoding,
            offset,
            line,
            forced,
            cut,
        } => format!(
            "第{line}行（字节{offset}）不是有效的{encoding}{}：{}",
            if *cut {
                "，文件在字符中间结束（是否被截断？）"
            } else {
                ""
            },
            if *forced {
                "文件不是 --encoding 所给的编码；请换一种（utf-8、gb18030、big5、utf-16le …），或去掉 --encoding 自动检测，或加 --lossy 把无法解码的字节替换为 U+FFFD"
            } else {
                "文件已损坏或是其他编码；如果知道编码，请用 --encoding 编码名（gb18030、big5、utf-16le …），或加 --lossy 把无法解码的字节替换为 U+FFFD"
            }
        ),
        Error::MixedEncodings { utf8, other, lines } => {
            let shown: Vec<String> = lines.iter().take(5).map(usize::to_string).collect();
            format!(
                "文件混用了编码：{utf8}行是 UTF-8，{}行是{other}（第{}行{}）：请存为一种编码，或加 --lossy 逐行按各自的编码解码",
                lines.len(),
                shown.join("、"),
                if lines.len() > 5 { " …" } else { "" }
            )
        }
        Error::Garbled {
            encoding,
            replaced,
            chars,
        } => format!(
            "即使加了 --lossy，{chars}个字符中仍有{replaced}个无法按{encoding}解码：这不是{encoding}文本；请用 --encoding 给出文件的编码"
        ),
        Error::UnknownEncoding(name) => {
            format!("未知的编码“{name}”（可用 utf-8、gb18030、gbk、big5、utf-16le、utf-16be）")
        }
        Error::MissingGlyphs(chars) => {
            let list: Vec<String> = chars
                .iter()
                .map(|c| format!("U+{:04X} '{c}'", u32::from(*c)))
                .collect();
            format!(
                "没有字体含有 {} 的字形：请用 --font 角色=路径（body、title、heading1、heading2）给出含有这些字符的字体",
                list.join("、")
            )
        }
        Error::TooLarge { size, limit } => format!(
            "输入有{}字节，超过{limit}字节的上限；如果确实是一份报告，请用 --max-input {}M 提高上限",
            size.map_or_else(|| format!("多于{limit}"), |n| n.to_string()),
            size.unwrap_or(limit.saturating_mul(2))
                .div_ceil(1 << 20)
                .max(1)
        ),
        Error::Write { path, .. } => format!("{path}：无法写入"),
        _ => return None,
    })
}

/// What to do about an I/O error, in Chinese.
pub fn io_hint(e: &std::io::Error) -> Option<&'static str> {
    use std::io::ErrorKind::*;
    Some(match e.kind() {
        NotFound => "请检查路径",
        PermissionDenied => "请检查文件的权限",
        IsADirectory => "请给出文件而不是目录",
        StorageFull | QuotaExceeded | FileTooLarge => "请腾出空间或写到别处；已有的输出保持原样",
        ReadOnlyFilesystem => "请把输出写到别处",
        _ => return None,
    })
}

/// A usage error of the command line in Chinese (unknown flag, bad value, missing argument
/// …), one line with what to do, or `None` for a kind without a translation (printed as clap
/// prints it).
pub fn usage_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ErrorKind};
    let context = |kind: ContextKind| -> String {
        match e.get(kind) {
            Some(clap::error::ContextValue::String(s)) => s.clone(),
            Some(clap::error::ContextValue::Strings(v)) => v.join("、"),
            Some(clap::error::ContextValue::StyledStr(s)) => s.to_string(),
            Some(clap::error::ContextValue::StyledStrs(v)) => v
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
            Some(clap::error::ContextValue::Number(n)) => n.to_string(),
            _ => String::new(),
        }
    };
    let argument = context(ContextKind::InvalidArg);
    let message = match e.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的参数 `{argument}`"),
        ErrorKind::InvalidSubcommand => {
            format!(
                "无法识别的子命令 `{}`",
                context(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            let value = context(ContextKind::InvalidValue);
            if valid.is_empty() {
                format!("`{argument}` 的值 `{value}` 无效")
            } else {
                format!("`{value}` 不是 `{argument}` 的有效值（可用：{valid}）")
            }
        }
        ErrorKind::ValueValidation => {
            let value = context(ContextKind::InvalidValue);
            let why = std::error::Error::source(e).map(ToString::to_string);
            match why {
                Some(why) => format!("`{argument}` 的值 `{value}` 无效：{why}"),
                None => format!("`{argument}` 的值 `{value}` 无效"),
            }
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必需的参数：{argument}"),
        ErrorKind::MissingSubcommand => {
            "缺少子命令（convert、check、figures、archive …）".to_string()
        }
        ErrorKind::ArgumentConflict => format!(
            "参数 `{argument}` 不能与 `{}` 同时使用",
            context(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("参数 `{argument}` 的值的个数不对")
        }
        ErrorKind::NoEquals => format!("参数 `{argument}` 需要用 `=` 给出值"),
        _ => return None,
    };
    Some(format!(
        "gongwen: {message}；用 `gongwen --lang zh --help` 查看用法"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every argument of every command has its Chinese help.
    #[test]
    fn every_argument_is_translated() {
        fn walk(command: &Command, top: bool, missing: &mut Vec<String>) {
            let name = if top { "gongwen" } else { command.get_name() };
            assert!(ABOUT.iter().any(|(c, _)| *c == name), "no about for {name}");
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if !ARGS
                    .iter()
                    .any(|(c, a, _)| (*c == name || *c == "*") && *a == id)
                {
                    missing.push(format!("{name} {id}"));
                }
            }
            for sub in command.get_subcommands() {
                if sub.get_name() != "help" {
                    walk(sub, false, missing);
                }
            }
        }
        let mut missing = Vec::new();
        let cli = crate::cli::args::Cli::command();
        walk(&cli, true, &mut missing);
        assert_eq!(missing, Vec::<String>::new());
        // And every line of the table names an argument there is.
        fn all(command: &Command) -> Vec<&Command> {
            std::iter::once(command)
                .chain(command.get_subcommands().flat_map(all))
                .collect()
        }
        let commands = all(&cli);
        for (command, id, _) in ARGS {
            assert!(
                commands
                    .iter()
                    .any(|c| (*command == "*" || c.get_name() == *command)
                        && c.get_arguments().any(|a| a.get_id() == *id)),
                "{command} {id}"
            );
        }
    }

    #[test]
    fn lang_zh_is_recognized_in_both_spellings() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert!(asked(&args(&[
            "gongwen", "check", "--lang", "zh", "--help"
        ])));
        assert!(asked(&args(&["gongwen", "check", "--lang=zh"])));
        assert!(!asked(&args(&["gongwen", "check", "--lang", "en", "zh"])));
    }
}
