#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so encoding.h would include the system's
   <unicode/ucnv.h>, which clashes with the ICU module Foundation ships (_FoundationICU) and
   breaks any Swift file that imports both. We never use the ICU-only fields of
   xmlCharEncodingHandler (we only pass pointers around), so hiding them is safe. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
