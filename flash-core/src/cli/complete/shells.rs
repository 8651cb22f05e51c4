//! The scripts: one small, fixed text per shell, `~` standing for the
//! program's name. Each asks `prog __complete CWORD WORDS...` (see the
//! module above) and hands the shell what it answers: candidates (with
//! help where the shell shows it), or file names for `:path`.
//!
//! Short on purpose: every binary carries all six.

/// The shells `completions` knows, in the order of the contract: one
/// string, not a table of pointers (see `builtin`).
pub(crate) const SHELL_NAMES: &str = "bash zsh fish elvish powershell nushell";

/// bash 4+: the words as COMP_WORDS has them; help dropped; `:path` turns
/// on readline's file-name completion.
const BASH: &str = "__~_complete() {
 local c
 mapfile -t c < <(~ __complete \"$COMP_CWORD\" \"${COMP_WORDS[@]}\" 2>/dev/null)
 [[ $c == :path ]] && { compopt -o default; c=(); }
 COMPREPLY=(\"${c[@]%%\t*}\")
}
complete -F __~_complete ~
";

/// zsh: sourced after `compinit`, or saved as `_~` in `$fpath`.
const ZSH: &str = "#compdef ~
_~() {
 local -a c
 c=(${(f)\"$(~ __complete $((CURRENT-1)) \"${words[@]}\" 2>/dev/null)\"})
 [[ $c == :path ]] && { _files; return }
 c=(\"${(@)${(@)c//:/\\\\:}/\t/:}\")
 _describe '' c
}
if [[ $funcstack[1] == _~ ]]; then _~ \"$@\"; else compdef _~ ~; fi
";

/// fish: candidates and help are fish's own `value<TAB>help`.
const FISH: &str = "function __~_complete
 set -l w (commandline -opc)
 set -l c (~ __complete (count $w) $w (commandline -ct) 2>/dev/null)
 if test \"$c\" = :path
  __fish_complete_path (commandline -ct)
 else
  string join \\n -- $c
 end
end
complete -c ~ -f -a '(__~_complete)'
";

/// elvish: the words as the arg-completer gets them.
const ELVISH: &str = "use str
set edit:completion:arg-completer[~] = {|@w|
 var c = [(~ __complete (- (count $w) 1) $@w 2>/dev/null)]
 if (eq $c [:path]) { edit:complete-filename $w[-1] } else {
  for x $c { var p = [(str:split \"\\t\" $x)]; edit:complex-candidate $p[0] &display=(str:join '  ' $p) &code-suffix=' ' }
 }
}
";

/// PowerShell: no results falls back to file names.
const POWERSHELL: &str = "Register-ArgumentCompleter -Native -CommandName '~' -ScriptBlock {
 param($w, $a, $p)
 $e = @($a.CommandElements | ? { $_.Extent.StartOffset -lt $p } | % { \"$_\" })
 $r = @(& '~' __complete ($e.Count - [int]($w -ne '')) @e 2>$null)
 if (\"$r\" -eq ':path') { return }
 $r | % { $v, $d = $_ -split \"`t\", 2
  [Management.Automation.CompletionResult]::new($v, $v, 'ParameterValue', $(if ($d) { $d } else { $v })) }
}
";

/// nushell: an external completer for `~`, handing other commands to the
/// one set before; `null` falls back to file names.
const NUSHELL: &str = "do --env {
 let prev = $env.config.completions.external.completer?
 $env.config.completions.external.completer = {|spans|
  if $spans.0 != '~' { if $prev != null { do $prev $spans } } else {
   let r = ^~ __complete (($spans | length) - 1) ...$spans | lines
   if $r == [':path'] { null } else { $r | split column \"\\t\" value description }
  }
 }
}
";

/// The script for `shell`, calling `program`.
pub(crate) fn script(program: &str, shell: &str) -> Option<String> {
    let template = match shell {
        "bash" => BASH,
        "zsh" => ZSH,
        "fish" => FISH,
        "elvish" => ELVISH,
        "powershell" => POWERSHELL,
        "nushell" => NUSHELL,
        _ => return None,
    };
    let mut out = String::new();
    let mut rest = Some(template);
    while let Some(text) = rest {
        let (piece, next) = super::cut(text, b'~');
        let name = if next.is_some() { program } else { "" };
        out.push_str(&crate::cli::text::concat(&[piece, name]));
        rest = next;
    }
    Some(out)
}
