# fish completion for pmo: what `pmo __complete` offers for the token under
# the cursor (commands, kinds, verbs, options, field=value, enum values,
# people, projects and record IDs of the tree you stand in).
function __pmo_complete
	set -l words (commandline -opc)
	set -l cur (commandline -ct)
	$words[1] __complete -- $words[2..-1] $cur 2>/dev/null
end
complete -c pmo -f -a '(__pmo_complete)'
