import CLibXML2
import Foundation

/// An HTML page parsed by libxml2's forgiving HTML parser. Nodes handed out by ``root`` are
/// valid only while the document is alive; keep it in scope (``withRoot(_:)`` does).
final class HTMLDocument {
    private let document: htmlDocPtr

    /// Parses `data` as UTF-8 HTML, or nil when libxml2 produces no document (e.g. empty input).
    init?(_ data: Data) {
        let options = Int32(bitPattern: HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue)
        let parsed: htmlDocPtr? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0, raw.count < Int(Int32.max) else { return nil }
            return htmlReadMemory(base.assumingMemoryBound(to: CChar.self), Int32(raw.count),
                                  "page.html", "UTF-8", options)
        }
        guard let parsed else { return nil }
        document = parsed
    }

    deinit { xmlFreeDoc(document) }

    /// Runs `body` with the root element while the document is alive.
    func withRoot<T>(_ body: (HTMLNode) throws -> T?) rethrows -> T? {
        try withExtendedLifetime(self) {
            guard let root = xmlDocGetRootElement(document) else { return nil }
            return try body(HTMLNode(root))
        }
    }
}

/// A node of an ``HTMLDocument`` (element or text), read without allocating through libxml2.
struct HTMLNode {
    let pointer: xmlNodePtr

    init(_ pointer: xmlNodePtr) { self.pointer = pointer }

    var isElement: Bool { pointer.pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointer.pointee.type == XML_TEXT_NODE || pointer.pointee.type == XML_CDATA_SECTION_NODE }

    /// The lowercased tag name of an element, empty for other nodes.
    var name: String {
        guard isElement, let name = pointer.pointee.name else { return "" }
        return String(cString: name).lowercased()
    }

    /// The text of a text node; empty for elements.
    var content: String {
        guard isText, let content = pointer.pointee.content else { return "" }
        return String(cString: content)
    }

    var children: [HTMLNode] {
        var result: [HTMLNode] = []
        var child = pointer.pointee.children
        while let node = child {
            result.append(HTMLNode(node))
            child = node.pointee.next
        }
        return result
    }

    var elementChildren: [HTMLNode] { children.filter(\.isElement) }

    /// The value of attribute `name` (case-insensitive), or nil.
    func attribute(_ name: String) -> String? {
        var property = pointer.pointee.properties
        while let attribute = property {
            if let attributeName = attribute.pointee.name,
               String(cString: attributeName).lowercased() == name {
                var text = ""
                var child = attribute.pointee.children
                while let node = child {
                    if let content = node.pointee.content { text += String(cString: content) }
                    child = node.pointee.next
                }
                return text
            }
            property = attribute.pointee.next
        }
        return nil
    }

    /// The whitespace-separated tokens of the `class` attribute.
    var classes: [String] {
        (attribute("class") ?? "").split(whereSeparator: \.isWhitespace).map(String.init)
    }

    func hasClass(_ name: String) -> Bool { classes.contains(name) }

    /// Elements below this node, in document order, that satisfy `predicate`. Subtrees for
    /// which `prune` is true are not entered.
    func descendants(
        where predicate: (HTMLNode) -> Bool, prune: (HTMLNode) -> Bool = { _ in false }
    ) -> [HTMLNode] {
        var result: [HTMLNode] = []
        func visit(_ node: HTMLNode) {
            for child in node.elementChildren where !prune(child) {
                if predicate(child) { result.append(child) }
                visit(child)
            }
        }
        visit(self)
        return result
    }

    /// Elements below this node with tag `name`.
    func descendants(named name: String) -> [HTMLNode] {
        descendants(where: { $0.name == name })
    }
}
