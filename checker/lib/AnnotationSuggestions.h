//===--- AnnotationSuggestions.h - --suggest-annotations ------------------===//
//
// Lists the declarations of an unannotated codebase that look like they hold
// credentials or personal data, with a fix-it adding the annotation.
//
//===----------------------------------------------------------------------===//

#ifndef TRAILGUARD_CHECKER_ANNOTATIONSUGGESTIONS_H
#define TRAILGUARD_CHECKER_ANNOTATIONSUGGESTIONS_H

#include "Config.h"
#include "Finding.h"
#include "FindingCollector.h"

#include "clang/AST/ASTContext.h"

#include <vector>

namespace trailguard {

inline constexpr const char SuggestAnnotationId[] =
    "trailguard-suggest-annotation";

/// Appends a remark with a fix-it for every field, variable and parameter in
/// a reportable file whose name looks sensitive and that has no tier.
void suggestAnnotations(clang::ASTContext &Ctx, const Config &Cfg,
                        ReportablePred Reportable, std::vector<Finding> &Out);

} // namespace trailguard

#endif // TRAILGUARD_CHECKER_ANNOTATIONSUGGESTIONS_H
