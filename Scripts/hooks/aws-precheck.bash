# shellcheck shell=bash
# A bash function `aws` that runs recordlint before `aws s3 cp` and `aws s3 sync` upload local
# recordio-protobuf files (.pbr, .rec, .recordio, .protobuf), and refuses the upload when
# recordlint finds errors. Other files, downloads and every other aws command pass straight through.
#
# Install: echo 'source /path/to/recordlint/Scripts/hooks/aws-precheck.bash' >> ~/.bashrc
# Options for `recordlint check`: RECORDLINT_ARGS="--feature-dim 784 --algorithm linear-learner".
# The command: RECORDLINT=/path/to/recordlint (default: recordlint on PATH).
# It checks --dryrun uploads too (a dry run is where you want to hear about bad data).

# Options of `aws` itself and of `aws s3 cp|sync` that take a value (everything else starting
# with -- is a flag); `--name=value` is one word.
_recordlint_aws_valued=" --profile --region --endpoint-url --output --query --ca-bundle --color
 --cli-read-timeout --cli-connect-timeout --cli-binary-format --include --exclude --acl --grants
 --sse --sse-c --sse-c-key --sse-kms-key-id --sse-c-copy-source --sse-c-copy-source-key
 --storage-class --website-redirect --content-type --cache-control --content-disposition
 --content-encoding --content-language --expires --source-region --metadata --metadata-directive
 --expected-size --page-size --request-payer --checksum-mode --checksum-algorithm --copy-props "

aws() {
    local args=("$@") i=0 n=$# word service="" action="" positional=()
    while [ $i -lt $n ]; do
        word=${args[$i]}
        case $word in
            --*=*) ;;
            --) i=$((i + 1)); positional+=("${args[@]:$i}"); break ;;
            --*) [[ $_recordlint_aws_valued == *" $word "* ]] && i=$((i + 1)) ;;
            *)
                if [ -z "$service" ]; then service=$word
                elif [ -z "$action" ]; then action=$word
                else positional+=("$word")
                fi ;;
        esac
        i=$((i + 1))
    done
    if [ "$service" = s3 ] && { [ "$action" = cp ] || [ "$action" = sync ]; } && [ ${#positional[@]} -ge 1 ]; then
        local source=${positional[0]} files=()
        case $source in
            s3://* | -) ;;
            *)
                if [ -d "$source" ]; then
                    while IFS= read -r -d '' word; do files+=("$word"); done < <(
                        find "$source" -type f \( -name '*.pbr' -o -name '*.rec' -o -name '*.recordio' \
                            -o -name '*.protobuf' \) -print0 | sort -z)
                elif [[ $source == *.pbr || $source == *.rec || $source == *.recordio || $source == *.protobuf ]]; then
                    files=("$source")
                fi ;;
        esac
        if [ ${#files[@]} -gt 0 ]; then
            local options=()
            read -r -a options <<<"${RECORDLINT_ARGS:-}"
            if ! "${RECORDLINT:-recordlint}" check --no-progress "${options[@]}" -- "${files[@]}"; then
                echo "recordlint: not uploading $source (aws s3 $action); fix the data or run: command aws $*" >&2
                return 1
            fi
        fi
    fi
    command aws "$@"
}
