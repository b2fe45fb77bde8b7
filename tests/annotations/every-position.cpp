// Every macro in every position compiles cleanly with both compilers, C and
// C++, and under Clang becomes an annotation on the declaration it marks.
//
// RUN: %clangxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic -I%annotations_include %s
// RUN: %clangxx -std=c++20 -fsyntax-only -Wall -Wextra -Werror -pedantic -I%annotations_include %s
// RUN: %clang -x c -std=c11 -fsyntax-only -Wall -Wextra -Werror -pedantic -I%annotations_include %S/Inputs/every-position.h
// RUN: %if g++ %{ %gxx -std=c++17 -fsyntax-only -Wall -Wextra -Werror -pedantic -I%annotations_include %s %}
// RUN: %if gcc %{ %gcc -x c -std=c11 -fsyntax-only -Wall -Wextra -Werror -pedantic -I%annotations_include %S/Inputs/every-position.h %}
// RUN: %clangxx -std=c++17 -fsyntax-only -Xclang -ast-dump -I%annotations_include %s | FileCheck %s
// RUN: %clangxx -std=c++17 -fsyntax-only -Xclang -ast-dump -DTRAILGUARD_NO_ANNOTATIONS -I%annotations_include %s | FileCheck %s --check-prefix=OFF

#include "Inputs/every-position.h"

// OFF-NOT: AnnotateAttr

// CHECK: CXXRecordDecl {{.*}} struct api_key definition
// CHECK: AnnotateAttr {{.*}} "trailguard:tier=sensitive"
// CHECK-NEXT: CXXRecordDecl {{.*}} implicit struct api_key
// CHECK: CXXRecordDecl {{.*}} struct postal_address definition
// CHECK: AnnotateAttr {{.*}} "trailguard:tier=restricted"
// CHECK-NEXT: CXXRecordDecl {{.*}} implicit struct postal_address
// CHECK: CXXRecordDecl {{.*}} struct color definition
// CHECK: AnnotateAttr {{.*}} "trailguard:tier=unrestricted"
// CHECK-NEXT: CXXRecordDecl {{.*}} implicit struct color
// CHECK: FieldDecl {{.*}} password 'char[32]'
// CHECK-NEXT: AnnotateAttr {{.*}} "trailguard:tier=sensitive"
// CHECK: FieldDecl {{.*}} email 'char[64]'
// CHECK-NEXT: AnnotateAttr {{.*}} "trailguard:tier=restricted"
// CHECK: FieldDecl {{.*}} id 'int'
// CHECK-NEXT: AnnotateAttr {{.*}} "trailguard:tier=unrestricted"
// CHECK: VarDecl {{.*}} master_secret 'char[32]' extern
// CHECK-NEXT: AnnotateAttr {{.*}} "trailguard:tier=sensitive"
// CHECK: VarDecl {{.*}} customer_count 'int' extern
// CHECK-NEXT: AnnotateAttr {{.*}} "trailguard:tier=restricted"
// CHECK: VarDecl {{.*}} request_count 'int' extern
// CHECK-NEXT: AnnotateAttr {{.*}} "trailguard:tier=unrestricted"
// CHECK: FunctionDecl {{.*}} load_token 'const char *()'
// CHECK-NEXT: AnnotateAttr {{.*}} "trailguard:tier=sensitive"
// CHECK: FunctionDecl {{.*}} load_email
// CHECK-NEXT: ParmVarDecl {{.*}} token 'const char *'
// CHECK-NEXT: AnnotateAttr {{.*}} "trailguard:tier=sensitive"
// CHECK-NEXT: AnnotateAttr {{.*}} "trailguard:tier=restricted"
// CHECK: FunctionDecl {{.*}} user_id
// CHECK-NEXT: ParmVarDecl {{.*}} email 'const char *'
// CHECK-NEXT: AnnotateAttr {{.*}} "trailguard:tier=restricted"
// CHECK-NEXT: ParmVarDecl {{.*}} fallback 'int'
// CHECK-NEXT: AnnotateAttr {{.*}} "trailguard:tier=unrestricted"
// CHECK-NEXT: AnnotateAttr {{.*}} "trailguard:tier=unrestricted"
// CHECK: FunctionDecl {{.*}} log_line
// CHECK: AnnotateAttr {{.*}} "trailguard:log_sink"
// CHECK: FunctionDecl {{.*}} audit_event
// CHECK: AnnotateAttr {{.*}} "trailguard:audit_sink"
// CHECK: FunctionDecl {{.*}} redact
// CHECK: AnnotateAttr {{.*}} "trailguard:declassify"
// CHECK: VarDecl {{.*}} pin 'int'
// CHECK: AnnotateAttr {{.*}} "trailguard:tier=sensitive"
// CHECK: VarDecl {{.*}} zip 'int'
// CHECK: AnnotateAttr {{.*}} "trailguard:tier=restricted"
// CHECK: VarDecl {{.*}} count 'int'
// CHECK: AnnotateAttr {{.*}} "trailguard:tier=unrestricted"
