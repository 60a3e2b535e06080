/// Where the record a rule is looking at sits, and the configuration the rule
/// reads; `report` turns a rule's verdict into a counted (and maybe listed) finding.
struct RecordContext {
    /// Owned by the checker, which outlives every context it makes.
    unowned(unsafe) let scope: RuleScope
    /// The record's index (local to the stretch being walked).
    let index: Int
    let offset: Int
    let uidPointer: UnsafePointer<CChar>?

    var file: String { scope.file }
    var configuration: CheckConfiguration { scope.configuration }

    /// The uid as findings quote it: bounded (`Excerpt.uid`).
    var uid: String? { uidPointer.map(Excerpt.uid) }

    /// Counts a finding of `rule` for this record; the message is built only if it is listed.
    /// Messages start after the record's name: the report prefixes "record N" once indices are final.
    func report(
        _ rule: RuleID, to sink: inout some FindingSink, message: @autoclosure () -> String,
        expected: Int? = nil, actual: Int? = nil, position: Int? = nil, key: Int? = nil, value: String? = nil
    ) {
        let severity = scope.severity(of: rule)
        let file = scope.file
        sink.add(rule, severity, record: index) {
            Finding(
                rule: rule, severity: severity, file: file, record: index, offset: offset, uid: uid,
                message: message(), expected: expected, actual: actual, position: position,
                key: key, value: value)
        }
    }
}
