#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# check-citations.sh [<repository>]: every reason the code cites must be in the repository.
# Fails, listing file:line, on any line of a tracked text file that
#   - cites a document kept outside the repository: the team's 0.6.0 reference ("facts 2.9",
#     "facts §3"), its decision list ("decision 14"), its Wine notes ("the Wine notes",
#     "wine-kernel-notes", "(notes 2)"), or a path into ../shared;
#   - cites a docs/ file that does not exist, or a part of one that does not exist:
#       docs/x.md#anchor          a heading whose GitHub anchor is "anchor"
#       docs/x.md D14             a heading that starts with "D14:"
#       docs/x.md, "Some heading" a heading with exactly that text (on the same line);
#   - (Markdown files) links to a relative file or #anchor that does not exist.
# check-citations.sh --self-test: runs the check on a planted tree and fails unless it finds
# exactly the planted mistakes. Needs bash, grep, awk, sed; no Wine, no build.
set -euo pipefail

self=$(realpath "${BASH_SOURCE[0]}")

# slugs <markdown file>: one GitHub anchor per heading (outside fenced code), in order;
# repeated headings get -1, -2, ... as on GitHub. Keep headings that are linked to ASCII:
# GitHub keeps non-ASCII letters in anchors, this drops them.
slugs() {
  LC_ALL=C awk '
    /^(```|~~~)/ { fenced = !fenced; next }
    fenced || !/^#+ / { next }
    {
      s = $0
      sub(/^#+ +/, "", s); sub(/ +#* *$/, "", s)
      s = tolower(s)
      gsub(/[^a-z0-9 _-]/, "", s)   # punctuation goes (and, here, any non-ASCII character)
      gsub(/ /, "-", s)
      if (s in seen) { n = seen[s]++; print s "-" n + 1 } else { seen[s] = 0; print s }
    }' "$1"
}

# headings <markdown file>: the text of every heading (outside fenced code).
headings() {
  awk '
    /^(```|~~~)/ { fenced = !fenced; next }
    fenced || !/^#+ / { next }
    { s = $0; sub(/^#+ +/, "", s); sub(/ +#* *$/, "", s); print s }' "$1"
}

# Slugs and headings of each cited file, computed once (in this shell, not a subshell),
# each list framed by newlines so that one line is found as *$'\n'line$'\n'*.
declare -A slug_cache heading_cache
cache() { # cache <markdown file>
  [ -n "${slug_cache[$1]+x}" ] || slug_cache[$1]=$'\n'$(slugs "$1")$'\n'
  [ -n "${heading_cache[$1]+x}" ] || heading_cache[$1]=$'\n'$(headings "$1")$'\n'
}
has_slug() { cache "$1"; [[ ${slug_cache[$1]} == *$'\n'"$2"$'\n'* ]]; }
has_heading() { cache "$1"; [[ ${heading_cache[$1]} == *$'\n'"$2"$'\n'* ]]; }
has_record() { cache "$1"; [[ ${heading_cache[$1]} == *$'\n'"$2:"* ]]; }

# normalize <path>: drops "." and "dir/.." parts (no file system access).
normalize() {
  local part out=() IFS=/
  for part in $1; do
    case $part in
      '' | .) ;;
      ..) if [ ${#out[@]} -gt 0 ] && [ "${out[-1]}" != .. ]; then unset 'out[-1]'; else out+=(..); fi ;;
      *) out+=("$part") ;;
    esac
  done
  printf '%s' "${out[*]}"
}

problems=0
report() { # report <file> <line> <message>
  echo "$1:$2: $3"
  problems=$((problems + 1))
}

# check_part <citing file> <line> <target .md> <kind> <part>: kind anchor|id|title
check_part() {
  local file=$1 line=$2 target=$3 kind=$4 part=$5
  if [ ! -f "$target" ]; then
    report "$file" "$line" "cites $target, which is not in the repository"
    return
  fi
  case $kind in
    anchor)
      has_slug "$target" "$part" ||
        report "$file" "$line" "cites $target#$part, but $target has no heading with that anchor" ;;
    id)
      has_record "$target" "$part" ||
        report "$file" "$line" "cites $target $part, but $target has no heading \"$part: ...\"" ;;
    title)
      has_heading "$target" "$part" ||
        report "$file" "$line" "cites $target, \"$part\", but $target has no heading with that text" ;;
  esac
}

# Documents outside the repository (case-insensitive).
outside='facts *§? *[0-9]|decisions? +[0-9]|wine[- ]notes|wine-kernel-notes|\(notes +§?[0-9]|notes +§ *[0-9]|\.\./shared/|/work/shared|shared/reference|dokan-0\.6\.0-facts|(^|[^a-z_-])design\.md|(^|[^a-z_/-])decisions\.md'

check_outside() {
  local hit file line text
  while IFS= read -r hit; do
    file=${hit%%:*}; hit=${hit#*:}; line=${hit%%:*}; text=${hit#*:}
    text=$(sed -E 's/^[[:space:]]+//' <<<"$text")
    report "$file" "$line" "cites a document that is not in the repository: ${text:0:110}"
  done < <(grep -nHIiE -- "$outside" "${files[@]}" || true)
}

check_docs_citations() {
  local hit file line text target rest
  local cite_re='(^|[^A-Za-z0-9_./-])(docs/[A-Za-z0-9_./-]*\.md)(.*)$'
  local anchor_re='^#([A-Za-z0-9_-]+)' id_re='^[[:space:]]+([DN][0-9]+)([^A-Za-z0-9]|$)'
  local title_re='^,[[:space:]]*"([^"]+)"' split_re='^,[[:space:]]*((\*/|//|#|\*)?[[:space:]]*$|"[^"]*$)'
  while IFS= read -r hit; do
    file=${hit%%:*}; hit=${hit#*:}; line=${hit%%:*}; text=${hit#*:}
    while [[ $text =~ $cite_re ]]; do
      target=${BASH_REMATCH[2]}
      rest=${BASH_REMATCH[3]}
      if [[ $rest =~ $anchor_re ]]; then
        check_part "$file" "$line" "$target" anchor "${BASH_REMATCH[1]}"
      elif [[ $rest =~ $id_re ]]; then
        check_part "$file" "$line" "$target" id "${BASH_REMATCH[1]}"
      elif [[ $rest =~ $title_re ]]; then
        check_part "$file" "$line" "$target" title "${BASH_REMATCH[1]}"
      elif [[ $rest =~ $split_re ]]; then
        report "$file" "$line" "cites $target, \"...\" split across lines: keep the heading on the citation's line"
      else
        [ -f "$target" ] || report "$file" "$line" "cites $target, which is not in the repository"
      fi
      text=$rest
    done
  done < <(grep -nHIE -- 'docs/[A-Za-z0-9_./-]*\.md' "${files[@]}" || true)
}

# Relative links of Markdown files: [text](path), [text](path#anchor), [text](#anchor).
check_markdown_links() {
  local md hit line text link path anchor dir target
  local link_re='\]\(([^)[:space:]]+)\)(.*)$'
  for md in "${files[@]}"; do
    [[ $md == *.md ]] || continue
    dir=$(dirname "$md")
    while IFS= read -r hit; do
      line=${hit%%:*}; text=${hit#*:}
      while [[ $text =~ $link_re ]]; do
        link=${BASH_REMATCH[1]}
        text=${BASH_REMATCH[2]}
        [[ $link =~ ^[a-z]+: ]] && continue # http:, https:, mailto:
        path=${link%%#*}
        anchor=
        [[ $link == *#* ]] && anchor=${link#*#}
        if [ -z "$path" ]; then target=$md; else target=$(normalize "$dir/$path"); fi
        if [ ! -e "$target" ]; then
          report "$md" "$line" "links to $link, which is not in the repository"
        elif [ -n "$anchor" ] && [[ $target == *.md ]]; then
          has_slug "$target" "$anchor" ||
            report "$md" "$line" "links to $link, but $target has no heading with that anchor"
        fi
      done
    done < <(grep -nE '\]\([^)]+\)' "$md" || true)
  done
}

run_check() {
  local root=$1 f me
  cd "$root"
  me=$(realpath -m --relative-to=. "$self") # this script, whose comments name the patterns
  files=()
  if git -C . rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    while IFS= read -r -d '' f; do
      [ -f "$f" ] && [ "$f" != "$me" ] && files+=("$f")
    done < <(git ls-files -z)
  else
    while IFS= read -r -d '' f; do
      f=${f#./}
      [ "$f" != "$me" ] && files+=("$f")
    done < <(find . -path ./.git -prune -o -path ./build -prune -o -type f -print0)
  fi
  [ ${#files[@]} -gt 0 ] || { echo "check-citations.sh: no files under $root"; return 1; }
  check_outside
  check_docs_citations
  check_markdown_links
  if [ "$problems" -gt 0 ]; then
    echo "check-citations.sh: $problems citation(s) of documents or headings that are not in the repository"
    return 1
  fi
  echo "check-citations.sh: ${#files[@]} files, every citation resolves inside the repository"
}

# A planted tree with one good citation of each form and one mistake per rule.
self_test() {
  local tree out rc=0 expected
  tree=$(mktemp -d)
  trap 'rm -rf "$tree"' RETURN
  mkdir -p "$tree/docs" "$tree/src"
  cat >"$tree/docs/notes.md" <<'EOF'
# Notes
## D3: delete-on-close waits for cleanup
## Volume information
See [the record](#d3-delete-on-close-waits-for-cleanup) and [a lost one](#d99-gone).
The [code](../src/good.c), [its twin](./../src/../src/good.c) and [a lost file](../src/gone.c).
```
# not a heading
```
EOF
  cat >"$tree/src/good.c" <<'EOF'
/* ok: docs/notes.md D3, docs/notes.md#volume-information, (docs/notes.md, "Volume information") */
int decision_count; /* facts about names are fine; so is "the decision 's" */
EOF
  cat >"$tree/src/bad.c" <<'EOF'
/* as 0.6.0 (facts 2.9) */
/* see decision 14 */
/* see the project's Wine notes */
/* docs/missing.md */
/* docs/notes.md D4 */
/* docs/notes.md#no-such-heading */
/* (docs/notes.md, "Volume Information") */
/* (docs/notes.md,
 * "Volume information") */
/* (docs/notes.md, "Volume
 * information") */
EOF
  out=$(bash "$self" "$tree") || rc=$?
  echo "$out"
  expected=$(printf '%s\n' docs/notes.md:4 docs/notes.md:5 src/bad.c:1 src/bad.c:2 src/bad.c:3 src/bad.c:4 src/bad.c:5 \
    src/bad.c:6 src/bad.c:7 src/bad.c:8 src/bad.c:10)
  if [ "$rc" -ne 1 ] || [ "$(grep -oE '^[^:]+:[0-9]+' <<<"$out" | sort)" != "$(sort <<<"$expected")" ]; then
    echo "check-citations.sh --self-test: FAILED (exit $rc; expected exactly these findings:" \
      "$(tr '\n' ' ' <<<"$expected"))"
    return 1
  fi
  echo "check-citations.sh --self-test: passed (every planted mistake found, nothing else)"
}

if [ "${1:-}" = --self-test ]; then
  self_test
else
  run_check "${1:-$(dirname "$self")/..}"
fi
