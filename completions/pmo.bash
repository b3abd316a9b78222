# bash completion for pmo. Everything offered comes from pmo itself
# (`pmo __complete`): commands, kinds, verbs, options, field=value, enum
# values, people, projects and record IDs of the tree you stand in.
_pmo()
{
	local cur words cword
	if declare -F _get_comp_words_by_ref >/dev/null; then
		_get_comp_words_by_ref -n =: cur words cword
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${COMP_WORDS[COMP_CWORD]}
	fi
	local IFS=$'\n'
	COMPREPLY=($("${words[0]}" __complete -- "${words[@]:1:cword-1}" "$cur" 2>/dev/null))
	# readline replaces only what follows the last = or : (COMP_WORDBREAKS)
	if [[ $cur == *[=:]* && $COMP_WORDBREAKS == *[=:]* ]]; then
		local pre=${cur%"${cur##*[=:]}"}
		COMPREPLY=("${COMPREPLY[@]#"$pre"}")
	fi
	# field= and KEY/ wait for the rest of the word
	if [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *[=/] ]]; then
		compopt -o nospace 2>/dev/null
	fi
	return 0
}
complete -o bashdefault -o default -F _pmo pmo
